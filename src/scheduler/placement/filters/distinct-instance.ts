import type { PlacementFilter } from './filter.js';

export const name = 'distinctInstance';

/** The reason ECS RunTask reports, word for word. */
export const REASON_DISTINCT_INSTANCE = 'DistinctInstance placement constraint unsatisfied.';

/** At most one task of the group per instance, counting tasks placed earlier in the same call. */
export const distinctInstanceFilter: PlacementFilter = {
  name,
  build: (task) => (task.distinctInstance ? (instance) => (instance.groupCount === 0 ? undefined : REASON_DISTINCT_INSTANCE) : undefined),
};
