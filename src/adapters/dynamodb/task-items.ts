import { countBucket, statusRank, type TaskRecord } from '../../domain/task.js';
import { holdsTargets } from '../../domain/task-targets.js';
import { emptyDelta, type InstanceDelta } from './instance-delta.js';
import { keys } from './keys.js';

/** STOPPED tasks stay describable at least this long, then TTL removes them. */
export const STOPPED_RETENTION_SECONDS = 3 * 3600;

/**
 * The item for a task in its current state. Index keys follow the status:
 * live tasks are in their instance's and cluster's live indexes; a STOPPED
 * task leaves them, moves to its service's history range and gets a TTL.
 * A STOPPED task whose load balancer targets are still registered (its host
 * was lost, or it exited) stays in its service's live range, without TTL,
 * until the reconciler has deregistered them.
 */
export function taskItem(task: TaskRecord, version: number): Record<string, unknown> {
  const stopped = task.lastStatus === 'STOPPED';
  const settled = stopped && !holdsTargets(task);
  const stoppedAtMs = settled ? Math.round((task.stoppedAt ?? task.createdAt) * 1000) : undefined;
  return {
    ...keys.task(task.clusterName, task.taskId),
    ...(!stopped && task.containerInstanceId ? keys.instanceTask(task.clusterName, task.containerInstanceId, task.taskId) : {}),
    ...(task.lastStatus === 'PROVISIONING' && !task.containerInstanceId
      ? keys.provisioningTask(task.clusterName, Math.round(task.createdAt * 1000), task.taskId)
      : {}),
    ...(!stopped ? keys.liveTask(task.clusterName, task.taskId) : {}),
    ...(task.serviceName ? keys.serviceTask(task.clusterName, task.serviceName, task.taskId, stoppedAtMs) : {}),
    ...(settled ? { expiresAt: Math.floor(stoppedAtMs! / 1000) + STOPPED_RETENTION_SECONDS } : {}),
    type: 'task',
    statusRank: statusRank(task.lastStatus),
    version,
    task,
  };
}

export interface TaskItem {
  task: TaskRecord;
  version: number;
}

/**
 * What a task's change of state does to its instance: counters follow the
 * status; CPU, memory and the group count come back at STOPPING, host ports
 * at STOPPED (see Reservation). Returns the next record with the released
 * parts cleared, so each is released exactly once.
 */
export function releaseOnTransition(prev: TaskRecord, next: TaskRecord): { next: TaskRecord; delta?: InstanceDelta } {
  if (!prev.containerInstanceId) return { next };
  const d = emptyDelta(prev.clusterName, prev.containerInstanceId);
  const before = countBucket(prev.lastStatus);
  const after = countBucket(next.lastStatus);
  if (before !== after) {
    if (before) d[before] -= 1;
    if (after) d[after] += 1;
  }
  let reservation = next.reservation;
  if (reservation?.computeHeld && statusRank(next.lastStatus) >= statusRank('STOPPING')) {
    d.cpu += reservation.cpu;
    d.memory += reservation.memory;
    d.groups[reservation.group] = -1;
    reservation = { ...reservation, computeHeld: false };
  }
  if (reservation && next.lastStatus === 'STOPPED') {
    d.removeTcp.push(...reservation.tcpPorts);
    d.removeUdp.push(...reservation.udpPorts);
    reservation = undefined;
  }
  return { next: { ...next, reservation }, delta: d };
}
