/** ELB's own rules beyond the model: names, tags, lookups that answer with the model's errors. */
import { elbError, validationError } from './model.js';
import type { Tag } from './records.js';
import type { Elbv2Runtime } from './runtime.js';

const MAX_NAME = 32;
const MAX_TAGS = 50;

/** Load balancer and target group names: 1-32 alphanumerics or hyphens, no hyphen at either end. */
export function checkName(kind: 'Load balancer' | 'Target group', name: string): void {
  if (name.length > MAX_NAME) throw validationError(`${kind} name cannot be longer than '${MAX_NAME}' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name))
    throw validationError(`${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw validationError(`${kind} name '${name}' cannot begin or end with '-' character`);
  if (kind === 'Load balancer' && name.startsWith('internal-'))
    throw validationError(`Load balancer name '${name}' cannot begin with 'internal-'`);
}

export function checkTags(tags: readonly Tag[], existing: readonly Tag[] = []): void {
  const keys = tags.map((t) => t.Key);
  if (new Set(keys).size !== keys.length) throw elbError('DuplicateTagKeysException', 'A tag key was specified more than once.');
  const merged = new Set([...existing.map((t) => t.Key), ...keys]);
  if (merged.size > MAX_TAGS) throw elbError('TooManyTagsException', `You can have at most ${MAX_TAGS} tags per resource.`);
  for (const t of tags) if (t.Key.startsWith('aws:')) throw validationError(`Tag keys cannot start with 'aws:': '${t.Key}'.`);
}

export function requireLoadBalancer(rt: Elbv2Runtime, arn: string) {
  const lb = rt.state.loadBalancers.get(arn);
  if (!lb) throw elbError('LoadBalancerNotFoundException', `Load balancer '${arn}' not found`);
  return lb;
}

export function requireTargetGroup(rt: Elbv2Runtime, arn: string) {
  const tg = rt.state.targetGroups.get(arn);
  if (!tg) throw elbError('TargetGroupNotFoundException', `Target group '${arn}' not found`);
  return tg;
}

export function requireListener(rt: Elbv2Runtime, arn: string) {
  const l = rt.state.listeners.get(arn);
  if (!l) throw elbError('ListenerNotFoundException', `Listener '${arn}' not found`);
  return l;
}

/** Items named by ARN or name, in the order asked, or the model's not-found error when any is missing. */
export function selectAll<T>(
  all: readonly T[],
  wanted: readonly string[] | undefined,
  keyOf: (item: T) => string,
  notFound: () => Error,
): T[] {
  if (!wanted?.length) return [...all];
  const byKey = new Map(all.map((i) => [keyOf(i), i]));
  const out = wanted.map((w) => byKey.get(w));
  if (out.some((i) => i === undefined)) throw notFound();
  return [...new Set(out as T[])];
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
