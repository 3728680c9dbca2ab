/** Deployment bookkeeping: order, rollback deployments, per-deployment counts after a plan. */
import type { DeploymentRecord } from '../../domain/service.js';
import type { TaskCounts } from './counts.js';
import { rolloutReasons } from './events.js';

/** PRIMARY first, the others in stored order. */
export function primaryFirst(deployments: readonly DeploymentRecord[]): DeploymentRecord[] {
  const primary = deployments.filter((d) => d.status === 'PRIMARY');
  return [...primary, ...deployments.filter((d) => d.status !== 'PRIMARY')];
}

/**
 * The PRIMARY deployment that rolls `failed` back to `target`'s task definition
 * (the circuit breaker's, or a user's StopServiceDeployment): its `rollback`
 * marker is what the service deployment history reports as ROLLBACK_*. Deployment
 * alarms do not watch it: it starts because of a failure, with the alarm that may have
 * caused it still in ALARM, and has nowhere further to roll back to.
 */
export function rollbackDeployment(args: {
  id: string;
  failed: { id: string };
  target: { id: string; taskDefinition: string };
  desiredCount: number;
  /** Epoch seconds. */
  now: number;
  reason?: string;
  requestedByUser?: boolean;
}): DeploymentRecord {
  const reason = args.reason ?? rolloutReasons.rollingBack(args.target.id);
  return {
    id: args.id,
    status: 'PRIMARY',
    taskDefinition: args.target.taskDefinition,
    desiredCount: args.desiredCount,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    createdAt: args.now,
    updatedAt: args.now,
    launchType: 'EC2',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: reason,
    rollback: {
      of: args.failed.id,
      to: args.target.id,
      reason,
      ...(args.requestedByUser ? { requestedByUser: true } : {}),
    },
    alarmsStatus: 'DISABLED',
  };
}

/**
 * The deployment list after a plan: counts from the tasks left running or
 * pending (placements included); the PRIMARY wants the service's desired
 * count, an older deployment only what it still has; an older deployment
 * with nothing left is dropped.
 */
export function settleDeployments(
  deployments: readonly DeploymentRecord[],
  countsOf: (deploymentId: string) => TaskCounts,
  primaryDesired: number,
): DeploymentRecord[] {
  const out: DeploymentRecord[] = [];
  deployments.forEach((d, i) => {
    const { running, pending } = countsOf(d.id);
    if (i > 0 && running + pending === 0) return;
    out.push({ ...d, desiredCount: i === 0 ? primaryDesired : running + pending, runningCount: running, pendingCount: pending });
  });
  return out;
}

export function completeRollout(d: DeploymentRecord): DeploymentRecord {
  return { ...d, rolloutState: 'COMPLETED', rolloutStateReason: rolloutReasons.completed(d.id) };
}

/** Stamps updatedAt on the deployments that differ from their stored version. */
export function stampUpdated(before: readonly DeploymentRecord[], after: readonly DeploymentRecord[], now: number): DeploymentRecord[] {
  const stored = new Map(before.map((d) => [d.id, d]));
  return after.map((d) => {
    const old = stored.get(d.id);
    return old && sameDeployment(old, d) ? old : { ...d, updatedAt: old ? now : d.updatedAt };
  });
}

export function sameDeployment(a: DeploymentRecord, b: DeploymentRecord): boolean {
  return canonical({ ...a, updatedAt: 0 }) === canonical({ ...b, updatedAt: 0 });
}

/** JSON with sorted keys and undefined members dropped: equal records give equal strings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
