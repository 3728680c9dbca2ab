/**
 * What a placement decision read from its instance, beyond room (CPU, memory,
 * ports and status are re-checked anyway), that concurrent writers can
 * change: the task groups a distinctInstance or memberOf rule looked at, the
 * running-task count a memberOf rule compared. The commit re-checks it on the
 * instance item in the same transaction, so two concurrent placements can
 * never together break a rule each of them checked alone.
 */
export interface PlacementAssumption {
  /** Task group → whether the instance held a live task of it (count > 0). */
  groups?: Record<string, boolean>;
  /**
   * How many groups the instance's group map held, and how many times groups at 0 were pruned
   * from it: together, that no group appeared since (rules that look at every group). The number
   * of groups alone would miss a group added after another was pruned.
   */
  groupKeys?: number;
  groupsPruned?: number;
  runningTasksCount?: number;
}

/** Instance id → what placements on it assumed. */
export type PlacementAssumptions = Record<string, PlacementAssumption>;
