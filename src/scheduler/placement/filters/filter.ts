import type { PlacementDemand } from '../placement-demand.js';
import type { WorkingInstance } from '../working-instance.js';

/**
 * Returns undefined when the instance can take the task, else the ECS failure
 * reason. Reasons are module constants, so rejecting allocates nothing.
 */
export type FilterCheck = (instance: WorkingInstance) => string | undefined;

/**
 * One step of the filter pipeline, in the style of the Kubernetes scheduler
 * framework: `build` is called once per request and returns the per-instance
 * check, or undefined when the request does not need this filter.
 */
export interface PlacementFilter {
  readonly name: string;
  build(task: PlacementDemand): FilterCheck | undefined;
}
