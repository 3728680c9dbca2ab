/** Failed task starts: counting them once, the retry backoff, and the deployment circuit breaker. */
import type { DeploymentRecord } from '../../domain/service.js';
import type { TaskStopCode } from '../../protocol/index.js';
import type { CircuitBreaker, DeploymentSettings } from './config.js';
import { hasProvenHealthy } from './counts.js';
import type { ReconcileTask } from './types.js';

/** Stops that mean the task itself failed (not the scheduler or a user stopping it). */
export const FAILURE_STOP_CODES: ReadonlySet<TaskStopCode> = new Set<TaskStopCode>(['TaskFailedToStart', 'EssentialContainerExited']);

export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 15 * 60_000;
/** From this many consecutive failures on, a held-back retry is worth a service event. */
export const BACKOFF_EVENT_AFTER = 3;
export const MAX_COUNTED_FAILURE_IDS = 100;

export const isFailure = (t: ReconcileTask) => t.lastStatus === 'STOPPED' && t.stopCode !== undefined && FAILURE_STOP_CODES.has(t.stopCode);

/** 10 s after the first consecutive failure, doubling, at most 15 min; 0 without failures. */
export function backoffDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  const exponent = Math.min(consecutiveFailures - 1, 20);
  return Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_MAX_MS);
}

/**
 * Failed tasks that fail the deployment (ECS ThresholdConfiguration):
 * BOUNDED_PERCENT (default, value 50) = ceil(value% × desired) within [3, 200];
 * UNBOUNDED_PERCENT without the bounds (at least 1); COUNT = value.
 */
export function breakerThreshold(desiredCount: number, breaker: CircuitBreaker): number {
  if (breaker.thresholdType === 'COUNT') return Math.max(1, breaker.thresholdValue);
  const raw = Math.ceil((breaker.thresholdValue * desiredCount) / 100);
  if (breaker.thresholdType === 'UNBOUNDED_PERCENT') return Math.max(1, raw);
  return Math.min(200, Math.max(3, raw));
}

/** The breaker watches a deployment only while it rolls out. */
export const breakerWatches = (d: DeploymentRecord, settings: DeploymentSettings) =>
  settings.breaker.enable && d.rolloutState === 'IN_PROGRESS';

/**
 * Counts the deployment's failed tasks not counted before, and resets the
 * consecutive count (and, with resetOnHealthyTask, the breaker's count) once
 * a task started after the last failure proves healthy. Returns the same
 * object when nothing changed.
 */
export function recordFailures(
  d: DeploymentRecord,
  tasks: readonly ReconcileTask[],
  settings: DeploymentSettings,
  now: number,
): { deployment: DeploymentRecord; newFailures: number } {
  const counted = new Set(d.countedFailureTaskIds ?? []);
  const fresh = tasks
    .filter((t) => isFailure(t) && !counted.has(t.taskId))
    .sort((a, b) => stoppedAt(b) - stoppedAt(a) || (a.taskId < b.taskId ? -1 : 1));

  const next: DeploymentRecord = { ...d };
  let changed = false;
  if (fresh.length > 0) {
    changed = true;
    next.failedTasks = d.failedTasks + fresh.length;
    next.consecutiveFailures = (d.consecutiveFailures ?? 0) + fresh.length;
    next.lastFailureAt = Math.max(d.lastFailureAt ?? -Infinity, stoppedAt(fresh[0]!));
    next.countedFailureTaskIds = [...fresh.map((t) => t.taskId), ...(d.countedFailureTaskIds ?? [])].slice(0, MAX_COUNTED_FAILURE_IDS);
  }

  const lastFailureAt = next.lastFailureAt;
  if (lastFailureAt !== undefined) {
    const recovered = tasks.some((t) => hasProvenHealthy(t, now) && (t.startedAt ?? t.createdAt) > lastFailureAt);
    if (recovered && (next.consecutiveFailures ?? 0) > 0) {
      next.consecutiveFailures = 0;
      changed = true;
    }
    if (recovered && next.failedTasks > 0 && breakerWatches(next, settings) && settings.breaker.resetOnHealthyTask) {
      next.failedTasks = 0;
      changed = true;
    }
  }
  return { deployment: changed ? next : d, newFailures: fresh.length };
}

/** Epoch ms before which the deployment must not start tasks, or undefined when it may. */
export function backoffUntil(d: DeploymentRecord, settings: DeploymentSettings): number | undefined {
  if (breakerWatches(d, settings)) return undefined; // the breaker decides instead
  const failures = d.consecutiveFailures ?? 0;
  if (failures === 0 || d.lastFailureAt === undefined) return undefined;
  return d.lastFailureAt * 1000 + backoffDelayMs(failures);
}

export function breakerTrips(d: DeploymentRecord, settings: DeploymentSettings, desiredCount: number): boolean {
  return breakerWatches(d, settings) && d.failedTasks >= breakerThreshold(desiredCount, settings.breaker);
}

/**
 * Where a failed deployment rolls back to: the COMPLETED deployment recorded
 * when it started, else the newest COMPLETED one still listed. Never to its
 * own task definition (a failed rollback does not roll back again).
 */
export function rollbackTarget(
  failed: DeploymentRecord,
  others: readonly DeploymentRecord[],
): { id: string; taskDefinition: string } | undefined {
  const target = failed.rollbackTo ?? lastCompleted(others);
  return target && target.taskDefinition !== failed.taskDefinition ? target : undefined;
}

export function lastCompleted(deployments: readonly DeploymentRecord[]): { id: string; taskDefinition: string } | undefined {
  let best: DeploymentRecord | undefined;
  for (const d of deployments) {
    if (d.rolloutState !== 'COMPLETED') continue;
    if (!best || d.createdAt > best.createdAt || (d.createdAt === best.createdAt && d.id > best.id)) best = d;
  }
  return best && { id: best.id, taskDefinition: best.taskDefinition };
}

const stoppedAt = (t: ReconcileTask) => t.stoppedAt ?? t.createdAt;
