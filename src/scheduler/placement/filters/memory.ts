import type { PlacementFilter } from './filter.js';

export const name = 'memory';
export const REASON_MEMORY = 'RESOURCE:MEMORY';

export const memoryFilter: PlacementFilter = {
  name,
  build: (task) => (instance) => (instance.remainingMemory >= task.memory ? undefined : REASON_MEMORY),
};
