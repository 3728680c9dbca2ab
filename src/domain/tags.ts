import type { Tag } from '@aws-sdk/client-ecs';
import { invalidParameter } from './errors.js';

/** ECS: at most 50 user tags per resource; keys unique; `aws:` prefix is reserved. */
export const MAX_TAGS = 50;

export function checkTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.key === undefined) throw invalidParameter('Tag keys must not be empty.');
    if (t.key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Tag key "${t.key}" uses the reserved prefix "aws:".`);
    if (seen.has(t.key)) throw invalidParameter(`Duplicate tag key "${t.key}".`);
    seen.add(t.key);
  }
  if (tags.length > MAX_TAGS) throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
}

/** Tags after TagResource: new values win, order kept, limit enforced. */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(current.map((t) => [t.key!, t.value ?? '']));
  for (const t of added) byKey.set(t.key!, t.value ?? '');
  const merged = [...byKey].map(([key, value]) => ({ key, value }));
  checkTags(merged);
  return merged;
}

export const removeTags = (current: readonly Tag[], keys: readonly string[]): Tag[] => current.filter((t) => !keys.includes(t.key!));
