/** Sorting a service's tasks for one pass: lost, active, or lingering. */
import type { PlacementInstance } from '../placement/index.js';
import { isActive, isLiveStatus } from './counts.js';
import { stopReasons } from './events.js';
import type { LostTask, ReconcileTask } from './types.js';

export interface SortedTasks {
  /** On a lost instance, or on one that is gone (deregistered): the control plane stops them itself. */
  lost: LostTask[];
  /** Running or pending with desired RUNNING: what the counts and percents are about. */
  active: ReconcileTask[];
  /** Still live but on their way out (desired STOPPED, or stopping on their own). */
  lingering: ReconcileTask[];
}

export function sortTasks(
  tasks: readonly ReconcileTask[],
  instances: ReadonlyMap<string, PlacementInstance>,
  lostInstanceIds: ReadonlySet<string>,
): SortedTasks {
  const out: SortedTasks = { lost: [], active: [], lingering: [] };
  for (const task of tasks) {
    if (!isLiveStatus(task)) continue;
    const instanceId = task.containerInstanceId;
    if (instanceId !== undefined) {
      if (lostInstanceIds.has(instanceId)) {
        out.lost.push({ taskId: task.taskId, reason: stopReasons.instanceLost });
        continue;
      }
      const instance = instances.get(instanceId);
      if (!instance || instance.status === 'INACTIVE') {
        out.lost.push({ taskId: task.taskId, reason: stopReasons.instanceGone });
        continue;
      }
    }
    (isActive(task) ? out.active : out.lingering).push(task);
  }
  return out;
}
