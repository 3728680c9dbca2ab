import type { Scorer, StrategyContext } from './strategy.js';

export const type = 'spread';
const ATTRIBUTE_PREFIX = 'attribute:';

/** `instanceId` and `host` are synonyms; anything else must name an attribute. */
export const isSpreadField = (field: string | undefined): field is string =>
  field === 'instanceId' ||
  field === 'host' ||
  (field !== undefined && field.startsWith(ATTRIBUTE_PREFIX) && field.length > ATTRIBUTE_PREFIX.length);

/**
 * Fewest tasks of the request's group first, counted per instance or per
 * attribute value. Counts cover every ACTIVE instance, candidate or not: a
 * zone whose instances are full still holds its tasks. DRAINING instances are
 * left out because their tasks are being moved away.
 *
 * Instances lacking the attribute (or holding it without a value) share one
 * bucket of their own. They are neither excluded (spread is best effort, not
 * a constraint) nor spread individually: for zone spreading, "no zone" is
 * one more place to balance against, not many.
 */
export function spreadScorer(field: string, { instances }: StrategyContext): Scorer {
  if (field === 'instanceId' || field === 'host') return { score: (instance) => instance.groupCount };

  const attribute = field.slice(ATTRIBUTE_PREFIX.length);
  const bucketIds = new Map<string | undefined, number>();
  const bucketOf = new Int32Array(instances.length);
  const counts: number[] = [];
  for (const instance of instances) {
    const value = instance.attributes[attribute];
    const key = Object.hasOwn(instance.attributes, attribute) && typeof value === 'string' ? value : undefined;
    let bucket = bucketIds.get(key);
    if (bucket === undefined) {
      bucket = counts.length;
      bucketIds.set(key, bucket);
      counts.push(0);
    }
    bucketOf[instance.index] = bucket;
    if (instance.status === 'ACTIVE') counts[bucket]! += instance.groupCount;
  }
  return {
    score: (instance) => counts[bucketOf[instance.index]!]!,
    placed: (instance) => {
      counts[bucketOf[instance.index]!]!++;
    },
  };
}
