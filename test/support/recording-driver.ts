/**
 * A TaskDriver that records every call and keeps its "host" (the tasks it
 * runs) across close(), the way containers outlive an agent restart.
 */
import type { TaskDriver, ReportListener } from '../../src/agent/runtime/task-driver.js';
import type { TaskReport, TaskSpec, TaskStopCode, TaskUsage } from '../../src/protocol/index.js';

interface HostTask {
  spec?: TaskSpec;
  report: TaskReport;
  listener?: ReportListener;
}

export class RecordingDriver implements TaskDriver {
  readonly name = 'recording';
  readonly calls = {
    start: [] as string[],
    stop: [] as { taskArn: string; reason: string; stopCode: TaskStopCode }[],
    remove: [] as string[],
    adopt: 0,
    close: 0,
  };
  readonly host = new Map<string, HostTask>();
  /** Set to make the next start() wait, to observe overlapping polls. */
  startGate?: Promise<void>;

  async start(spec: TaskSpec, onReport: ReportListener): Promise<void> {
    this.calls.start.push(spec.taskArn);
    const existing = this.host.get(spec.taskArn);
    if (existing) {
      existing.listener = onReport;
      onReport(existing.report);
      return;
    }
    const task: HostTask = { spec, listener: onReport, report: { taskArn: spec.taskArn, status: 'PENDING', containers: [] } };
    this.host.set(spec.taskArn, task);
    this.emit(task, task.report);
    await this.startGate;
    this.emit(task, {
      taskArn: spec.taskArn,
      status: 'RUNNING',
      startedAt: Date.now(),
      containers: spec.containers.map((c) => ({ name: c.name, status: 'RUNNING', runtimeId: `${spec.taskId}/${c.name}` })),
    });
  }

  async stop(taskArn: string, reason: string, stopCode: TaskStopCode): Promise<void> {
    this.calls.stop.push({ taskArn, reason, stopCode });
    const task = this.host.get(taskArn);
    if (!task || task.report.status === 'STOPPED') return;
    this.emit(task, { ...task.report, status: 'STOPPED', stoppedReason: reason, stopCode, stoppedAt: Date.now() });
  }

  async adopt(listenerFor: (arn: string) => ReportListener): Promise<TaskReport[]> {
    this.calls.adopt += 1;
    return [...this.host.entries()].map(([arn, task]) => {
      task.listener = listenerFor(arn);
      return task.report;
    });
  }

  async remove(taskArn: string): Promise<void> {
    this.calls.remove.push(taskArn);
    this.host.delete(taskArn);
  }

  async usage(): Promise<TaskUsage[]> {
    return [...this.host.values()]
      .filter((t) => t.report.status === 'RUNNING')
      .map((t) => ({ taskArn: t.report.taskArn, cpuPercent: 1.5, memoryBytes: 1 << 20 }));
  }

  async logs(): Promise<string> {
    return '';
  }

  async close(): Promise<void> {
    this.calls.close += 1;
    for (const t of this.host.values()) t.listener = undefined;
  }

  /** The task's essential container exits by itself (no agent involved). */
  exit(taskArn: string, exitCode: number): void {
    const task = this.host.get(taskArn)!;
    this.emit(task, {
      ...task.report,
      status: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: task.report.containers.map((c) => ({ ...c, status: 'STOPPED', exitCode })),
    });
  }

  running(): string[] {
    return [...this.host.values()].filter((t) => t.report.status === 'RUNNING').map((t) => t.report.taskArn);
  }

  private emit(task: HostTask, report: TaskReport): void {
    task.report = report;
    task.listener?.(report);
  }
}
