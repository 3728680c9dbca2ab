import type { PlacementFilter } from './filter.js';

export const name = 'cpu';
export const REASON_CPU = 'RESOURCE:CPU';

export const cpuFilter: PlacementFilter = {
  name,
  build: (task) => (instance) => (instance.remainingCpu >= task.cpu ? undefined : REASON_CPU),
};
