import type { PlacementDemand } from '../placement-demand.js';
import type { WorkingInstance } from '../working-instance.js';

/**
 * Ranks candidates for one strategy rule: lower score is better. `placed` is
 * told about every placement so a scorer can keep its tables incremental
 * instead of recounting per task.
 */
export interface Scorer {
  score(instance: WorkingInstance): number;
  placed?(instance: WorkingInstance): void;
}

export interface StrategyContext {
  /** All instances of the call, indexed by WorkingInstance.index. */
  instances: readonly WorkingInstance[];
  task: PlacementDemand;
}
