/**
 * The TaskDriver for hosts without Docker: each container's entryPoint + command
 * runs as a host process (see process-runtime.ts and command.ts for the
 * contract). State lives under a state directory so tasks survive restarts.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../logging/logger.js';
import { NotFoundError } from '../supervision/errors.js';
import { mergeContainerLogs } from '../supervision/log-format.js';
import { TaskSupervisor } from '../supervision/task-supervisor.js';
import type { TaskReport, TaskSpec, TaskStopCode, TaskUsage } from '../../../protocol/index.js';
import type { TaskDriver, ReportListener } from '../task-driver.js';
import { readLogTail } from './log-files.js';
import { isAlive } from './proc-stats.js';
import { ProcessTaskRuntime, signalGroup } from './process-runtime.js';
import { tasksUsage } from './process-usage.js';
import { TaskStateStore } from './state-store.js';

export const DEFAULT_PROCESS_STATE_DIR = join(homedir(), '.berth', 'agent', 'process-driver');

export interface ProcessDriverOptions {
  /** Where the driver and its tasks' supervision log (the agent's logger). */
  logger: Logger;
  /** Where pid files, reports and logs live (default ~/.berth/agent/process-driver). */
  stateDir?: string;
  /** When set, adopt() only picks up tasks of this cluster. */
  cluster?: string;
  /** Liveness poll for processes adopted after a restart (default 1000 ms). */
  pollIntervalMs?: number;
}

const REMOVED_REASON = 'Task removed by the agent';
const ignoreReport: ReportListener = () => undefined;

export class ProcessDriver implements TaskDriver {
  readonly name = 'process' as const;
  readonly store: TaskStateStore;
  private readonly cluster?: string;
  private readonly pollMs: number;
  private readonly log: Logger;
  private readonly tasks = new Map<string, TaskSupervisor<ProcessTaskRuntime>>();

  constructor(opts: ProcessDriverOptions) {
    this.log = opts.logger;
    this.store = new TaskStateStore(opts.stateDir ?? DEFAULT_PROCESS_STATE_DIR);
    this.cluster = opts.cluster;
    this.pollMs = opts.pollIntervalMs ?? 1000;
  }

  async start(task: TaskSpec, onReport: ReportListener): Promise<void> {
    const known = this.tasks.get(task.taskArn);
    if (known) {
      onReport(known.report());
      return;
    }
    // A state dir without a final report means the task's processes may still run: adopt, never spawn twice.
    const stored = this.store.readTask(task.taskId);
    if (stored?.taskArn === task.taskArn && this.store.readReport(task.taskId)?.status !== 'STOPPED') {
      await this.resume(stored, onReport);
      return;
    }
    await this.supervise(task, onReport).launch();
  }

  async stop(taskArn: string, reason: string, stopCode: TaskStopCode): Promise<void> {
    let sup = this.tasks.get(taskArn);
    if (!sup) {
      const taskId = this.store.findTaskId(taskArn);
      const stored = taskId ? this.store.readTask(taskId) : undefined;
      if (stored && taskId && this.store.readReport(taskId)?.status !== 'STOPPED') {
        await this.resume(stored, ignoreReport);
        sup = this.tasks.get(taskArn);
      }
    }
    await sup?.stop(reason, stopCode);
  }

  async adopt(onReport: (arn: string) => ReportListener): Promise<TaskReport[]> {
    const reports: TaskReport[] = [];
    for (const taskId of this.store.taskIds()) {
      const spec = this.store.readTask(taskId);
      if (!spec || (this.cluster && spec.clusterName !== this.cluster)) continue;
      const known = this.tasks.get(spec.taskArn);
      const last = this.store.readReport(taskId);
      if (known) reports.push(known.report());
      else if (last?.status === 'STOPPED') reports.push(last);
      else reports.push(await this.resume(spec, onReport(spec.taskArn)));
    }
    return reports;
  }

  async remove(taskArn: string): Promise<void> {
    await this.tasks.get(taskArn)?.stop(REMOVED_REASON, 'ServiceSchedulerInitiated');
    const taskId = this.store.findTaskId(taskArn);
    if (!taskId) return;
    // Processes of a task this instance never adopted must not outlive its state.
    for (const c of this.store.readTask(taskId)?.containers ?? []) {
      const rec = this.store.readContainer(taskId, c.name);
      if (rec?.pid && rec.exitCode === undefined && isAlive(rec.pid, rec.procStart)) {
        signalGroup(rec.pid, 'SIGKILL');
      }
    }
    this.store.removeTask(taskId);
  }

  async usage(): Promise<TaskUsage[]> {
    return tasksUsage([...this.tasks.values()].map((sup) => ({ taskArn: sup.spec.taskArn, pids: sup.runtime.pids() })));
  }

  async logs(taskArn: string, container?: string, opts: { tail?: number } = {}): Promise<string> {
    const taskId = this.tasks.get(taskArn)?.spec.taskId ?? this.store.findTaskId(taskArn);
    const spec = taskId ? this.store.readTask(taskId) : undefined;
    if (!taskId || !spec) throw new NotFoundError(`no task ${taskArn} on this host`);
    const names = container ? [container] : spec.containers.map((c) => c.name);
    if (container && !spec.containers.some((c) => c.name === container)) {
      throw new NotFoundError(`task ${taskArn} has no container ${container}`);
    }
    return mergeContainerLogs(names.map((name) => ({ name, text: readLogTail(this.store.logPath(taskId, name), opts.tail) })));
  }

  async close(): Promise<void> {
    for (const sup of this.tasks.values()) sup.detach();
    this.tasks.clear();
  }

  private supervise(task: TaskSpec, onReport: ReportListener): TaskSupervisor<ProcessTaskRuntime> {
    const sup = new TaskSupervisor(task, (sink) => new ProcessTaskRuntime(this.store, task, sink, this.pollMs, this.log), {
      logger: this.log,
      onReport: (r) => {
        // Persist first: after a crash, adopt() trusts report.json.
        try {
          this.store.writeReport(task.taskId, r);
        } catch (err) {
          this.log.warn('persisting a task report failed', { taskArn: task.taskArn, error: String(err) });
        }
        onReport(r);
      },
      onStopped: () => {
        if (this.tasks.get(task.taskArn) === sup) this.tasks.delete(task.taskArn);
      },
    });
    this.tasks.set(task.taskArn, sup);
    return sup;
  }

  private async resume(spec: TaskSpec, onReport: ReportListener): Promise<TaskReport> {
    const sup = this.supervise(spec, onReport);
    const observed = new Map(
      spec.containers.flatMap((c) => {
        const rec = this.store.readContainer(spec.taskId, c.name);
        return rec ? [[c.name, sup.runtime.observe(c, rec)] as const] : [];
      }),
    );
    await sup.resume(observed);
    return sup.report();
  }
}
