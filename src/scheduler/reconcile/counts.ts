/** How the controller reads one task's state. Small predicates so health rules can grow in one place. */
import type { TaskStatus } from '../../domain/task.js';
import type { ReconcileTask } from './types.js';

const PENDING_STATUSES: ReadonlySet<TaskStatus> = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

/** Without a container health check or load balancer, ECS calls a task healthy 40 s after RUNNING. */
export const HEALTHY_AFTER_SECONDS = 40;

export const wantsRunning = (t: Pick<ReconcileTask, 'desiredStatus'>) => t.desiredStatus !== 'STOPPED';
export const isLiveStatus = (t: Pick<ReconcileTask, 'lastStatus'>) => t.lastStatus !== 'STOPPED';

/** Counts toward runningCount. */
export const isRunning = (t: Pick<ReconcileTask, 'lastStatus' | 'desiredStatus'>) => t.lastStatus === 'RUNNING' && wantsRunning(t);

/** Counts toward pendingCount. */
export const isPending = (t: Pick<ReconcileTask, 'lastStatus' | 'desiredStatus'>) => PENDING_STATUSES.has(t.lastStatus) && wantsRunning(t);

/** Running or on its way: what maximumPercent caps. */
export const isActive = (t: Pick<ReconcileTask, 'lastStatus' | 'desiredStatus'>) => isRunning(t) || isPending(t);

/**
 * What minimumHealthyPercent counts. RUNNING, and HEALTHY when the task
 * reports a health status other than UNKNOWN. Load balancer health and the
 * grace period join here later.
 */
export function isHealthy(t: Pick<ReconcileTask, 'lastStatus' | 'desiredStatus' | 'healthStatus'>, _now: number): boolean {
  return isRunning(t) && t.healthStatus !== 'UNHEALTHY';
}

/**
 * Healthy long enough to say the task really started: HEALTHY by its health
 * check, or healthy for 40 s. What resets the retry backoff and the circuit
 * breaker's failure count.
 */
export function hasProvenHealthy(t: ReconcileTask, now: number): boolean {
  if (!isHealthy(t, now)) return false;
  if (t.healthStatus === 'HEALTHY') return true;
  const since = t.startedAt ?? t.createdAt;
  return now / 1000 - since >= HEALTHY_AFTER_SECONDS;
}

export interface TaskCounts {
  running: number;
  pending: number;
}

export function countTasks(tasks: Iterable<Pick<ReconcileTask, 'lastStatus' | 'desiredStatus'>>): TaskCounts {
  let running = 0;
  let pending = 0;
  for (const t of tasks) {
    if (isRunning(t)) running++;
    else if (isPending(t)) pending++;
  }
  return { running, pending };
}
