import type { TaskDefinitionRecord } from '../../domain/task-definition.js';

/** Looks up one revision of a task definition. */
export type DefinitionLookup = (family: string, revision: number) => Promise<TaskDefinitionRecord | undefined>;

/**
 * Revisions never change once registered (only their status), so the
 * lookups agents' polls and pushes make are cached per process; a miss or a
 * failure is not.
 */
export function definitionCache(get: DefinitionLookup): DefinitionLookup {
  const cache = new Map<string, Promise<TaskDefinitionRecord | undefined>>();
  return (family, revision) => {
    const key = `${family}:${revision}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = get(family, revision);
      cache.set(key, hit);
      hit.then(
        (td) => (td ? undefined : cache.delete(key)),
        () => cache.delete(key),
      );
    }
    return hit;
  };
}
