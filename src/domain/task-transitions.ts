import type { ContainerReport, TaskReport, TaskStopCode } from '../protocol/index.js';
import type { ContainerRecord, TaskRecord, TaskStatus } from './task.js';
import { statusRank } from './task.js';
import { holdsTargets } from './task-targets.js';

/**
 * Pure, forward-only task transitions. Each returns the next record, or
 * undefined when nothing changes: a repeated, late or out-of-order report
 * never moves a task backwards and never resurrects a STOPPED task.
 */

const seconds = (ms: number) => ms / 1000;
const isStopped = (t: TaskRecord) => t.lastStatus === 'STOPPED';
const unchanged = (a: TaskRecord, b: TaskRecord) => JSON.stringify(a) === JSON.stringify(b);

/** What asking a task to stop sets on it; the plan applier writes the same fields as one conditional update. */
export const stopRequest = (reason: string, stopCode: TaskStopCode, now: number) =>
  ({ desiredStatus: 'STOPPED', stoppedReason: reason, stopCode, stoppingAt: seconds(now) }) satisfies Partial<TaskRecord>;

/** Whether a stop request changes anything: the task is neither stopped nor already asked to stop. */
export const acceptsStopRequest = (t: Pick<TaskRecord, 'lastStatus' | 'desiredStatus'>) =>
  t.lastStatus !== 'STOPPED' && t.desiredStatus !== 'STOPPED';

/**
 * StopTask / the scheduler: desired STOPPED. A task never handed to an agent
 * stops at once; a task load balancers may route to is DEACTIVATING until its
 * targets are deregistered and drained (the agent is told to stop it then).
 */
export function requestStop(t: TaskRecord, reason: string, stopCode: TaskStopCode, now: number): TaskRecord | undefined {
  if (!acceptsStopRequest(t)) return undefined;
  const next: TaskRecord = { ...t, ...stopRequest(reason, stopCode, now) };
  if (!t.containerInstanceId) return stopNow(next, now);
  if (holdsTargets(t) && t.lastStatus === 'RUNNING') return { ...next, lastStatus: 'DEACTIVATING' };
  return next;
}

/** The agent has been told to stop the task: it is STOPPING, and its CPU and memory are free again. */
export function markStopping(t: TaskRecord, now: number): TaskRecord | undefined {
  if (t.desiredStatus !== 'STOPPED' || statusRank(t.lastStatus) >= statusRank('STOPPING')) return undefined;
  return { ...t, lastStatus: 'STOPPING', stoppingAt: t.stoppingAt ?? seconds(now) };
}

/** Its host is gone: the task is STOPPED without an agent's word (it may come back and is then told to stop). */
export function markLost(t: TaskRecord, reason: string, now: number): TaskRecord | undefined {
  if (isStopped(t)) return undefined;
  return stopNow(
    {
      ...t,
      desiredStatus: 'STOPPED',
      stoppedReason: t.desiredStatus === 'STOPPED' && t.stoppedReason ? t.stoppedReason : reason,
      stopCode: t.stopCode ?? 'InfrastructureHealth',
      connectivity: 'DISCONNECTED',
    },
    now,
  );
}

function stopNow(t: TaskRecord, now: number): TaskRecord {
  return {
    ...t,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    stoppedAt: seconds(now),
    executionStoppedAt: t.executionStoppedAt ?? seconds(now),
    stoppingAt: t.stoppingAt ?? seconds(now),
    containers: t.containers.map((c) => (c.lastStatus === 'STOPPED' ? c : { ...c, lastStatus: 'STOPPED' })),
  };
}

/** An agent's report about a task, without its ARN (the caller has found the task). */
export type TaskStateReport = Omit<TaskReport, 'taskArn' | 'containers'> & {
  containers?: ContainerReport[];
};

const CONTAINER_RANK = { PENDING: 0, RUNNING: 1, STOPPED: 2 } as const;

function applyContainer(c: ContainerRecord, r: ContainerReport | undefined, staleHealth: boolean): ContainerRecord {
  if (!r || CONTAINER_RANK[r.status] < CONTAINER_RANK[c.lastStatus]) return c;
  return {
    ...c,
    lastStatus: r.status,
    ...(r.runtimeId ? { runtimeId: r.runtimeId } : {}),
    ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.health && !staleHealth ? { healthStatus: r.health } : {}),
    ...(r.networkBindings?.length ? { networkBindings: r.networkBindings } : {}),
  };
}

export function applyReport(t: TaskRecord, r: TaskStateReport, now: number): TaskRecord | undefined {
  if (isStopped(t)) return undefined;
  const target: TaskStatus = r.status === 'STOPPED' ? 'STOPPED' : r.status === 'RUNNING' ? 'RUNNING' : 'PENDING';
  const forward = statusRank(target) > statusRank(t.lastStatus);
  // Health can flip both ways, so no order of states guards it: the report's time does. A report taken before
  // the one whose health the task holds (a retried request delivered late) leaves health alone.
  const staleHealth = r.reportedAt !== undefined && t.healthReportedAt !== undefined && r.reportedAt < t.healthReportedAt;
  const healthNews = !staleHealth && (r.health !== undefined || r.containers?.some((c) => c.health !== undefined));
  let next: TaskRecord = {
    ...t,
    containers: t.containers.map((c) =>
      applyContainer(
        c,
        r.containers?.find((x) => x.name === c.name),
        staleHealth,
      ),
    ),
    ...(r.health && !staleHealth ? { healthStatus: r.health } : {}),
    ...(healthNews && r.reportedAt !== undefined ? { healthReportedAt: r.reportedAt } : {}),
    ...(r.pullStartedAt !== undefined && t.pullStartedAt === undefined ? { pullStartedAt: seconds(r.pullStartedAt) } : {}),
    ...(r.pullStoppedAt !== undefined && t.pullStoppedAt === undefined ? { pullStoppedAt: seconds(r.pullStoppedAt) } : {}),
  };
  if (forward && target === 'RUNNING')
    next = { ...next, lastStatus: 'RUNNING', startedAt: seconds(r.startedAt ?? now), connectivity: 'CONNECTED' };
  if (target === 'STOPPED') {
    // A stop the user or scheduler asked for keeps its reason; otherwise the agent's (e.g. essential container exited).
    const asked = t.desiredStatus === 'STOPPED' && t.stoppedReason;
    next = stopNow(
      {
        ...next,
        stoppedReason: asked ? t.stoppedReason : (r.stoppedReason ?? 'Task stopped'),
        stopCode: asked ? t.stopCode : r.stopCode,
        executionStoppedAt: seconds(r.stoppedAt ?? now),
      },
      r.stoppedAt ?? now,
    );
  }
  return unchanged(t, next) ? undefined : next;
}
