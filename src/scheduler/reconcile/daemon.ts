/**
 * DAEMON services (ECS): exactly one task on every ACTIVE container instance
 * that satisfies the service's placement constraints (and its task
 * definition's memberOf constraints and required attributes). The desired
 * count follows from the instances; placement strategies do not apply.
 */
import { placeTasks, type PlacementConstraint, type PlacementInstance } from '../placement/index.js';
import { servicePlacementRequest } from './config.js';
import type { ServiceReconcileInput } from './types.js';

/** Ids of the instances that should each run one task of the daemon service. */
export function daemonInstances(input: ServiceReconcileInput, taskDefinition: string): Set<string> {
  const td = input.taskDefinitions[taskDefinition];
  if (!td) throw new Error(`Task definition ${taskDefinition} of ${input.service.serviceArn} was not resolved`);
  // Whether the instance satisfies the rules, whatever it has room for: a placement that asks for nothing.
  const rules = { ...servicePlacementRequest(input.service, td, 1), cpu: 0, memory: 0, ports: [], strategy: [] };
  const out = new Set<string>();
  for (const instance of input.instances) {
    if (instance.status !== 'ACTIVE' || input.lostInstanceIds.has(instance.id)) continue;
    const free = { ...instance, taskGroups: {} };
    if (placeTasks(rules, [free], { seed: 0 }).placements.length > 0) out.add(instance.id);
  }
  return out;
}

/** The daemon's placement rule on top of the service's: one task of the service per instance. */
export const ONE_PER_INSTANCE: PlacementConstraint = { type: 'distinctInstance' };

/**
 * A daemon task on a draining instance stops last: once the instance runs
 * nothing else (ECS drains the other tasks first).
 */
export function drainsLast(instance: PlacementInstance | undefined, ownTasksThere: number): boolean {
  if (!instance || instance.status !== 'DRAINING') return false;
  return instance.runningTasksCount + instance.pendingTasksCount > ownTasksThere;
}
