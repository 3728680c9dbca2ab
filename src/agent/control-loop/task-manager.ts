/**
 * Per task, what the control plane wants (desired status) against what the
 * driver last reported (known status), like the ECS agent's managedTask.
 * `apply` is idempotent: calling it with the same poll answer twice, or with
 * overlapping answers concurrently, never starts a task twice, because a task
 * is recorded synchronously before its driver call begins and a task this
 * agent has seen is never started again.
 */
import { reasonOf } from '../runtime/supervision/errors.js';
import type { AssignedStatus, Assignment, RunAssignment, TaskReport, TaskSpec, TaskStopCode } from '../../protocol/index.js';
import type { TaskDriver, ReportListener } from '../runtime/task-driver.js';
import type { Logger } from '../../logging/logger.js';

export const DEFAULT_STOP_REASON = 'Task stopped by the control plane';
export const DEFAULT_STOP_CODE: TaskStopCode = 'ServiceSchedulerInitiated';
export const UNKNOWN_TASK_REASON = 'Task is unknown to the control plane';
/** ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION's default: stopped tasks keep their logs this long. */
export const DEFAULT_TASK_CLEANUP_WAIT_MS = 3 * 60 * 60 * 1000;

type TaskStatus = TaskReport['status'];
const RANK: Record<TaskStatus, number> = { PENDING: 0, RUNNING: 1, STOPPED: 2 };

interface ManagedTask {
  readonly arn: string;
  /** The status the agent is driving the task to; set back if the driver call fails, so the next poll retries. */
  desired: AssignedStatus;
  /** The driver's latest report. */
  known?: TaskReport;
  /** When the task stopped (epoch ms); its leftovers are removed cleanupWaitMs later. */
  stoppedAt?: number;
  /** This task's driver calls, chained: a stop never overtakes the start it cancels. */
  chain: Promise<void>;
}

export interface TaskManagerOptions {
  driver: TaskDriver;
  /** Every change of a task's known state, to be reported to the control plane. */
  onReport: (report: TaskReport) => void;
  logger: Logger;
  now: () => number;
  cleanupWaitMs?: number;
}

export class TaskManager {
  private readonly tasks = new Map<string, ManagedTask>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly cleanupWaitMs: number;

  constructor(private readonly opts: TaskManagerOptions) {
    this.cleanupWaitMs = opts.cleanupWaitMs ?? DEFAULT_TASK_CLEANUP_WAIT_MS;
  }

  /** The listener handed to driver.adopt(): makes the task known, so it is never started again. */
  listenerFor(arn: string): ReportListener {
    return this.listener(this.tasks.get(arn) ?? this.track(arn, 'RUNNING'));
  }

  /** Records what driver.adopt() found on the host. Not queued: the full report after start carries them. */
  adopt(reports: readonly TaskReport[]): void {
    for (const r of reports) this.record(this.tasks.get(r.taskArn) ?? this.track(r.taskArn, 'RUNNING'), r, false);
  }

  /** Converges on one poll answer. Returns at once; driver calls run in the background (see settled()). */
  apply(assigned: readonly Assignment[], unknown: readonly string[]): void {
    const unknownSet = new Set(unknown);
    for (const a of assigned) {
      if (unknownSet.has(a.taskArn)) continue;
      if (a.desiredStatus === 'RUNNING') this.ensureRunning(a);
      else this.ensureStopped(a.taskArn, a.stopReason ?? DEFAULT_STOP_REASON, a.stopCode ?? DEFAULT_STOP_CODE);
    }
    for (const arn of unknownSet) this.removeUnknown(arn);
    this.cleanUp(new Set(assigned.map((a) => a.taskArn)));
  }

  /**
   * Starts placements pushed on the channel, as a poll listing them would:
   * a task seen before is never started again, so a push that arrives after
   * the poll that brought the same task (or its stop) changes nothing.
   */
  runPushed(assigned: readonly RunAssignment[]): void {
    for (const a of assigned) this.ensureRunning(a);
  }

  /** The latest report of every task on the host (the body of a full report). */
  reports(): TaskReport[] {
    return [...this.tasks.values()].flatMap((t) => (t.known ? [t.known] : []));
  }

  counts(): Record<TaskStatus, number> {
    const counts = { PENDING: 0, RUNNING: 0, STOPPED: 0 };
    for (const t of this.tasks.values()) counts[t.known?.status ?? 'PENDING'] += 1;
    return counts;
  }

  /** Resolves once every driver call started so far has finished. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private ensureRunning(a: RunAssignment): void {
    // Seen before (started, adopted, or stopped): never start again. ECS never restarts a stopped task either.
    if (this.tasks.has(a.taskArn)) return;
    const t = this.track(a.taskArn, 'RUNNING');
    this.run(t, 'start', () => this.start(t, a.spec));
  }

  private async start(t: ManagedTask, spec: TaskSpec): Promise<void> {
    try {
      await this.opts.driver.start(spec, this.listener(t));
    } catch (err) {
      // Drivers report failures instead of throwing; if one throws anyway, the control plane still learns the outcome.
      if (!t.known) this.record(t, this.stoppedReport(t.arn, reasonOf(err, 'CannotStartContainerError'), 'TaskFailedToStart'), true);
      throw err;
    }
  }

  private ensureStopped(arn: string, reason: string, stopCode: TaskStopCode): void {
    const existing = this.tasks.get(arn);
    if (existing && (existing.desired === 'STOPPED' || existing.known?.status === 'STOPPED')) return;
    const t = existing ?? this.track(arn, 'STOPPED');
    t.desired = 'STOPPED';
    this.run(t, 'stop', async () => {
      try {
        await this.opts.driver.stop(arn, reason, stopCode);
      } catch (err) {
        if (t.known?.status !== 'STOPPED') t.desired = 'RUNNING';
        throw err;
      }
      // Never ran here (assigned and stopped between two polls, or lost with the driver's state): say it is stopped.
      if (!t.known) this.record(t, this.stoppedReport(arn, reason, stopCode), true);
    });
  }

  private removeUnknown(arn: string): void {
    const t = this.tasks.get(arn);
    // Forget it first: its further reports are ignored, so the control plane never hears of it again.
    this.tasks.delete(arn);
    this.opts.logger.info('stopping and removing a task unknown to the control plane', { taskArn: arn });
    const stopped = t?.known?.status === 'STOPPED';
    this.run(t ?? this.detached(arn), 'remove', async () => {
      if (!stopped) await this.opts.driver.stop(arn, UNKNOWN_TASK_REASON, DEFAULT_STOP_CODE);
      await this.opts.driver.remove(arn);
    });
  }

  /** Stopped tasks the control plane no longer lists are removed from the host after the cleanup wait. */
  private cleanUp(listed: ReadonlySet<string>): void {
    const now = this.opts.now();
    for (const t of [...this.tasks.values()]) {
      if (t.stoppedAt === undefined || listed.has(t.arn) || now - t.stoppedAt < this.cleanupWaitMs) continue;
      this.tasks.delete(t.arn);
      this.run(t, 'remove', () => this.opts.driver.remove(t.arn));
    }
  }

  private track(arn: string, desired: AssignedStatus): ManagedTask {
    const t: ManagedTask = { arn, desired, chain: Promise.resolve() };
    this.tasks.set(arn, t);
    return t;
  }

  /** A task with no entry, for driver calls that must not resurrect it. */
  private detached(arn: string): ManagedTask {
    return { arn, desired: 'STOPPED', chain: Promise.resolve() };
  }

  private listener(t: ManagedTask): ReportListener {
    return (r) => {
      if (this.tasks.get(t.arn) === t) this.record(t, r, true);
    };
  }

  private record(t: ManagedTask, r: TaskReport, notify: boolean): void {
    const prev = t.known;
    // A late report never moves a task backwards; an unchanged one is not worth sending.
    if (prev && (RANK[r.status] < RANK[prev.status] || JSON.stringify(prev) === JSON.stringify(r))) return;
    t.known = r;
    if (r.status === 'STOPPED') t.stoppedAt ??= r.stoppedAt ?? this.opts.now();
    if (notify) this.opts.onReport(r);
  }

  private stoppedReport(taskArn: string, stoppedReason: string, stopCode: TaskStopCode): TaskReport {
    return { taskArn, status: 'STOPPED', containers: [], stoppedReason, stopCode, stoppedAt: this.opts.now() };
  }

  private run(t: ManagedTask, what: string, op: () => Promise<void>): void {
    const p = t.chain.then(op).catch((err: unknown) => this.opts.logger.error(`driver ${what} failed`, { taskArn: t.arn, error: err }));
    t.chain = p;
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }
}
