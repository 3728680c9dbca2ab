import type { PlacementFilter } from './filter.js';

export const name = 'instanceStatus';

/**
 * Only ACTIVE instances take tasks; DRAINING, REGISTERING and the rest are
 * not candidates at all. ECS reports a cluster with no candidate as "No
 * Container Instances were found", hence MISSING.
 */
export const REASON_NOT_ACTIVE = 'MISSING';

export const instanceStatusFilter: PlacementFilter = {
  name,
  build: () => (instance) => (instance.status === 'ACTIVE' ? undefined : REASON_NOT_ACTIVE),
};
