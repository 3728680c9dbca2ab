/** The TaskDriver backed by Docker Engine (via dockerode). */
import Docker from 'dockerode';
import type { Logger } from '../../../logging/logger.js';
import { NotFoundError, reasonOf } from '../supervision/errors.js';
import { mergeContainerLogs } from '../supervision/log-format.js';
import { type ContainerHandle, TaskSupervisor } from '../supervision/task-supervisor.js';
import type { TaskReport, TaskSpec, TaskStopCode, TaskUsage } from '../../../protocol/index.js';
import type { TaskDriver, ReportListener } from '../task-driver.js';
import { discoverTasks, type DiscoveredTask } from './adopt.js';
import { isNotFound } from './docker-errors.js';
import { DockerEventWatcher, type EventWatcherOptions } from './event-watcher.js';
import { LABEL } from './labels.js';
import { containerLogs } from './logs.js';
import { containerUsage } from './stats.js';
import { DockerTaskRuntime } from './docker-task-runtime.js';
import { removeTaskVolumes } from './volumes.js';

export interface DockerDriverOptions {
  /** Where the driver's task supervision logs (the agent's logger). */
  logger: Logger;
  /** Engine client; defaults to the local socket (DOCKER_HOST is honoured by dockerode). */
  docker?: Docker;
  /** When set, adopt() only picks up tasks of this cluster. */
  cluster?: string;
  /**
   * When set, containers are labelled with it and adopt() only picks up this
   * owner's: several agents can share one Docker Engine (the local cluster of
   * `npm start`) without adopting, and then removing, each other's tasks.
   */
  owner?: string;
  events?: EventWatcherOptions;
}

const REMOVED_REASON = 'Task removed by the agent';
const ignoreReport: ReportListener = () => undefined;

export class DockerDriver implements TaskDriver {
  readonly name = 'docker' as const;
  readonly docker: Docker;
  private readonly cluster?: string;
  private readonly owner?: string;
  private readonly watcher: DockerEventWatcher;
  private readonly tasks = new Map<string, TaskSupervisor>();
  private readonly log: Logger;

  constructor(opts: DockerDriverOptions) {
    this.log = opts.logger;
    this.docker = opts.docker ?? new Docker();
    this.cluster = opts.cluster;
    this.owner = opts.owner;
    this.watcher = new DockerEventWatcher(this.docker, opts.events);
  }

  async start(task: TaskSpec, onReport: ReportListener): Promise<void> {
    const known = this.tasks.get(task.taskArn);
    if (known) {
      onReport(known.report());
      return;
    }
    // Registered before any await so a concurrent start of the same task joins this one.
    const sup = this.supervise(task, onReport);
    let existing: DiscoveredTask | undefined;
    try {
      await this.watcher.ensureConnected();
      [existing] = await discoverTasks(this.docker, { taskArn: task.taskArn });
    } catch (err) {
      // Engine unreachable: report the failure like any other launch failure.
      await sup.stop(reasonOf(err, 'ResourceInitializationError'), 'TaskFailedToStart');
      return;
    }
    if (existing) await this.resume(sup, existing);
    else await sup.launch();
  }

  async stop(taskArn: string, reason: string, stopCode: TaskStopCode): Promise<void> {
    const sup = this.tasks.get(taskArn) ?? (await this.adoptOne(taskArn));
    await sup?.stop(reason, stopCode);
  }

  async adopt(onReport: (arn: string) => ReportListener): Promise<TaskReport[]> {
    await this.watcher.ensureConnected();
    const reports: TaskReport[] = [];
    for (const found of await discoverTasks(this.docker, { cluster: this.cluster, owner: this.owner })) {
      const known = this.tasks.get(found.spec.taskArn);
      if (known) {
        reports.push(known.report());
        continue;
      }
      const sup = this.supervise(found.spec, onReport(found.spec.taskArn));
      await this.resume(sup, found);
      reports.push(sup.report());
    }
    return reports;
  }

  async remove(taskArn: string): Promise<void> {
    await this.tasks.get(taskArn)?.stop(REMOVED_REASON, 'ServiceSchedulerInitiated');
    const leftovers = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL.taskArn}=${taskArn}`] } });
    await Promise.all(
      leftovers.map(async (c) => {
        try {
          await this.docker.getContainer(c.Id).remove({ force: true, v: true });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }),
    );
    await removeTaskVolumes(this.docker, taskArn);
  }

  async usage(): Promise<TaskUsage[]> {
    return Promise.all(
      [...this.tasks.values()].map(async (sup) => {
        const samples = await Promise.all(
          sup.runningContainers().map((c) => containerUsage(this.docker, c.runtimeId).catch(() => undefined)),
        );
        return samples.reduce<TaskUsage>(
          (sum, s) => ({
            ...sum,
            cpuPercent: sum.cpuPercent + (s?.cpuPercent ?? 0),
            memoryBytes: sum.memoryBytes + (s?.memoryBytes ?? 0),
          }),
          { taskArn: sup.spec.taskArn, cpuPercent: 0, memoryBytes: 0 },
        );
      }),
    );
  }

  async logs(taskArn: string, container?: string, opts: { tail?: number } = {}): Promise<string> {
    const targets = await this.logTargets(taskArn);
    const selected = container ? targets.filter((t) => t.spec.name === container) : targets;
    if (container && selected.length === 0) throw new NotFoundError(`task ${taskArn} has no container ${container}`);
    const logs = await Promise.all(
      selected.map(async (t) => ({ name: t.spec.name, text: await containerLogs(this.docker, t.runtimeId, opts.tail) })),
    );
    return mergeContainerLogs(logs);
  }

  async close(): Promise<void> {
    for (const sup of this.tasks.values()) sup.detach();
    this.tasks.clear();
    this.watcher.close();
  }

  private supervise(task: TaskSpec, onReport: ReportListener): TaskSupervisor {
    const sup = new TaskSupervisor(task, (sink) => new DockerTaskRuntime(this.docker, task, sink, this.watcher, this.owner), {
      onReport,
      logger: this.log,
      onStopped: () => {
        if (this.tasks.get(task.taskArn) === sup) this.tasks.delete(task.taskArn);
      },
    });
    this.tasks.set(task.taskArn, sup);
    return sup;
  }

  private async resume(sup: TaskSupervisor, found: DiscoveredTask): Promise<void> {
    for (const [name, o] of found.observed) this.watcher.watch(o.runtimeId, name, sup);
    await sup.resume(found.observed);
    // Catch changes between the inspect in discovery and the watch registration.
    await this.watcher.resync();
  }

  /** A task on the host this driver instance does not track yet (stop/logs before adopt). */
  private async adoptOne(taskArn: string): Promise<TaskSupervisor | undefined> {
    await this.watcher.ensureConnected();
    const [found] = await discoverTasks(this.docker, { taskArn });
    if (!found) return undefined;
    const sup = this.supervise(found.spec, ignoreReport);
    await this.resume(sup, found);
    return sup;
  }

  private async logTargets(taskArn: string): Promise<ContainerHandle[]> {
    const sup = this.tasks.get(taskArn);
    if (sup) return sup.createdContainers();
    const [found] = await discoverTasks(this.docker, { taskArn });
    if (!found) throw new NotFoundError(`no task ${taskArn} on this host`);
    return found.spec.containers.flatMap((spec) => {
      const o = found.observed.get(spec.name);
      return o ? [{ spec, runtimeId: o.runtimeId }] : [];
    });
  }
}
