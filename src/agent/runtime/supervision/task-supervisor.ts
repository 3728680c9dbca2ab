/**
 * Driver-neutral supervision of one task: creates containers in dependency
 * order, starts each once its dependsOn/links conditions hold, applies ECS
 * essential-container semantics, stops in reverse dependency order, and
 * publishes the full TaskReport on every change.
 *
 * The driver supplies a ContainerRuntime (how to run one container) and feeds
 * observed container events back through the ContainerEventSink methods.
 */
import type {
  ContainerReport,
  ContainerSpec,
  ContainerStatus,
  HealthStatus,
  TaskReport,
  TaskSpec,
  TaskStopCode,
} from '../../../protocol/index.js';
import type { ReportListener } from '../task-driver.js';
import type { Logger } from '../../../logging/logger.js';
import { compact } from './compact.js';
import type { ContainerEventSink, ContainerRuntime, ExitInfo, ObservedContainer } from './container-runtime.js';
import { creationOrder, evaluateDependency, startDependencies, stopWaves, validateDependencies } from './dependencies.js';
import { reasonOf } from './errors.js';
import { taskHealth } from './task-health.js';

export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
export const ESSENTIAL_EXITED_REASON = 'Essential container in task exited';

interface ContainerState {
  spec: ContainerSpec;
  essential: boolean;
  status: ContainerStatus;
  /** Has ever run (a container can be STOPPED without having started). */
  started: boolean;
  starting: boolean;
  runtimeId?: string;
  pid?: number;
  exitCode?: number;
  reason?: string;
  health?: HealthStatus;
  startedAt?: number;
  stoppedAt?: number;
}

export interface SupervisorHooks {
  onReport: ReportListener;
  /** The agent's logger (its agent.log). */
  logger: Logger;
  /** Called once the task reached STOPPED (after containers were removed). */
  onStopped?: () => void;
}

/** A created container of the task, for usage / logs collection. */
export interface ContainerHandle {
  spec: ContainerSpec;
  runtimeId: string;
  pid?: number;
}

export class TaskSupervisor<R extends ContainerRuntime = ContainerRuntime> implements ContainerEventSink {
  readonly runtime: R;
  private readonly containers = new Map<string, ContainerState>();
  private status: TaskReport['status'] = 'PENDING';
  private stopRequest?: { reason: string; code: TaskStopCode };
  private stopping?: Promise<void>;
  private launching: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private detached = false;
  private lastReport = '';
  private pullStartedAt?: number;
  private pullStoppedAt?: number;
  private startedAt?: number;
  private stoppedAt?: number;

  constructor(
    readonly spec: TaskSpec,
    makeRuntime: (sink: ContainerEventSink) => R,
    private readonly hooks: SupervisorHooks,
  ) {
    for (const c of spec.containers) {
      this.containers.set(c.name, {
        spec: c,
        essential: c.essential !== false,
        status: 'PENDING',
        started: false,
        starting: false,
      });
    }
    this.runtime = makeRuntime(this);
  }

  /** Pull, create every container, then start those whose dependencies already hold. */
  launch(): Promise<void> {
    this.launching = this.runLaunch();
    return this.launching;
  }

  /**
   * Resume supervision of containers found on the host after an agent
   * restart. Resolves once the task is settled: running again, or fully
   * stopped if an essential container exited meanwhile.
   */
  async resume(observed: Map<string, ObservedContainer>): Promise<void> {
    const missing: string[] = [];
    for (const st of this.containers.values()) {
      const o = observed.get(st.spec.name);
      if (!o) {
        missing.push(st.spec.name);
        continue;
      }
      st.runtimeId = o.runtimeId;
      st.pid = o.pid;
      if (o.status === 'CREATED') continue;
      st.started = true;
      st.startedAt = o.startedAt;
      if (o.status === 'RUNNING') {
        st.status = 'RUNNING';
        st.health = o.health ?? (st.spec.healthCheck ? 'UNKNOWN' : undefined);
      } else {
        this.markStopped(st, o.exit ?? {});
      }
    }
    this.refreshStatus();
    this.emit();
    if (missing.length) {
      return this.stop(
        `ResourceInitializationError: the agent restarted before containers ${missing.join(', ')} were created`,
        'TaskFailedToStart',
      );
    }
    if ([...this.containers.values()].some((s) => s.essential && s.status === 'STOPPED')) {
      return this.stop(ESSENTIAL_EXITED_REASON, 'EssentialContainerExited');
    }
    this.armStartTimeouts();
    this.advance();
  }

  /** Graceful stop (idempotent: a second call joins the first). */
  stop(reason: string, code: TaskStopCode): Promise<void> {
    if (!this.stopping) {
      this.stopRequest = { reason, code };
      this.stopping = this.runStop();
    }
    return this.stopping;
  }

  /** Stop observing and reporting; containers keep running (agent shutdown). */
  detach(): void {
    this.detached = true;
    this.clearTimers();
    this.runtime.detach?.();
  }

  runningContainers(): ContainerHandle[] {
    const out: ContainerHandle[] = [];
    for (const st of this.containers.values()) {
      if (st.status === 'RUNNING' && st.runtimeId) out.push({ spec: st.spec, runtimeId: st.runtimeId, pid: st.pid });
    }
    return out;
  }

  /** Runtime ids of every created container, for logs. */
  createdContainers(): ContainerHandle[] {
    return [...this.containers.values()]
      .filter((st) => st.runtimeId !== undefined)
      .map((st) => ({ spec: st.spec, runtimeId: st.runtimeId as string, pid: st.pid }));
  }

  report(): TaskReport {
    const containers = this.spec.containers.map((c) => this.containerReport(this.containers.get(c.name) as ContainerState));
    const health = taskHealth(
      [...this.containers.values()].map((s) => ({
        essential: s.essential,
        hasHealthCheck: s.spec.healthCheck !== undefined,
        health: s.health,
      })),
    );
    return compact({
      taskArn: this.spec.taskArn,
      status: this.status,
      containers,
      health,
      stoppedReason: this.status === 'STOPPED' ? this.stopRequest?.reason : undefined,
      stopCode: this.status === 'STOPPED' ? this.stopRequest?.code : undefined,
      pullStartedAt: this.pullStartedAt,
      pullStoppedAt: this.pullStoppedAt,
      startedAt: this.startedAt,
      stoppedAt: this.stoppedAt,
    });
  }

  // ---- ContainerEventSink -------------------------------------------------

  containerStarted(name: string, at?: number): void {
    const st = this.containers.get(name);
    if (!st || st.status !== 'PENDING') return;
    st.status = 'RUNNING';
    st.started = true;
    st.startedAt = at ?? Date.now();
    if (st.spec.healthCheck) st.health ??= 'UNKNOWN';
    this.refreshStatus();
    this.emit();
    this.advance();
  }

  containerExited(name: string, exit: ExitInfo): void {
    const st = this.containers.get(name);
    if (!st || st.status === 'STOPPED') return;
    // An exit implies the container ran, even if its start event was missed.
    st.started = true;
    st.startedAt ??= exit.at ?? Date.now();
    this.markStopped(st, exit);
    this.refreshStatus();
    this.emit();
    if (!this.stopRequest && st.essential) {
      void this.stop(ESSENTIAL_EXITED_REASON, 'EssentialContainerExited');
      return;
    }
    this.advance();
  }

  containerHealth(name: string, health: HealthStatus): void {
    const st = this.containers.get(name);
    if (!st || st.status !== 'RUNNING' || st.health === health) return;
    st.health = health;
    this.emit();
    this.advance();
  }

  imagePull(phase: 'started' | 'stopped'): void {
    if (phase === 'started') this.pullStartedAt = Date.now();
    else this.pullStoppedAt = Date.now();
    this.emit();
  }

  // ---- launch ---------------------------------------------------------------

  private async runLaunch(): Promise<void> {
    this.emit();
    const problem = validateDependencies(this.spec.containers);
    if (problem) {
      void this.stop(`DependencyError: ${problem}`, 'TaskFailedToStart');
      return;
    }
    try {
      await this.runtime.prepare();
    } catch (err) {
      void this.stop(reasonOf(err, 'ResourceInitializationError'), 'TaskFailedToStart');
      return;
    }
    for (const name of creationOrder(this.spec.containers)) {
      if (this.stopRequest) return;
      const st = this.containers.get(name) as ContainerState;
      try {
        st.runtimeId = await this.runtime.create(st.spec);
      } catch (err) {
        const reason = reasonOf(err, 'CannotCreateContainerError');
        st.reason = reason;
        void this.stop(reason, 'TaskFailedToStart');
        return;
      }
    }
    this.emit();
    this.armStartTimeouts();
    this.advance();
    // Resolve after the first wave of starts was attempted.
    await Promise.allSettled([...this.inFlight]);
  }

  /** Start every created, pending container whose dependencies hold; fail the task if one never can. */
  private advance(): void {
    if (this.stopRequest || this.detached) return;
    for (const st of this.containers.values()) {
      if (st.status !== 'PENDING' || st.starting || st.runtimeId === undefined) continue;
      const gate = this.gate(st);
      if (gate.state === 'impossible') {
        void this.stop(`DependencyError: ${gate.why}`, 'TaskFailedToStart');
        return;
      }
      if (gate.state === 'satisfied') this.track(this.startContainer(st, st.runtimeId));
    }
  }

  private gate(st: ContainerState): { state: 'satisfied' | 'waiting' } | { state: 'impossible'; why: string } {
    let waiting = false;
    for (const dep of startDependencies(st.spec)) {
      const target = this.containers.get(dep.container);
      if (!target) return { state: 'impossible', why: `container ${st.spec.name} depends on unknown container ${dep.container}` };
      const verdict = evaluateDependency(dep.condition, target);
      if (verdict.state === 'impossible') {
        return {
          state: 'impossible',
          why: `container ${st.spec.name} cannot start: its dependency ${dep.container} (${dep.condition}) can never be satisfied because ${verdict.why}`,
        };
      }
      if (verdict.state === 'waiting') waiting = true;
    }
    return { state: waiting ? 'waiting' : 'satisfied' };
  }

  private async startContainer(st: ContainerState, runtimeId: string): Promise<void> {
    st.starting = true;
    try {
      const { pid } = await this.runtime.start(st.spec, runtimeId);
      if (pid !== undefined) st.pid = pid;
      this.containerStarted(st.spec.name);
    } catch (err) {
      const reason = reasonOf(err, 'CannotStartContainerError');
      this.markStopped(st, { reason });
      this.emit();
      if (st.essential) void this.stop(reason, 'TaskFailedToStart');
      else this.advance();
    } finally {
      st.starting = false;
    }
  }

  private armStartTimeouts(): void {
    for (const st of this.containers.values()) {
      const seconds = st.spec.startTimeout;
      if (!seconds || st.status !== 'PENDING' || startDependencies(st.spec).length === 0) continue;
      const timer = setTimeout(() => {
        if (st.status === 'PENDING' && !st.starting) {
          void this.stop(
            `DependencyError: dependencies of container ${st.spec.name} were not satisfied within its startTimeout of ${seconds} s`,
            'TaskFailedToStart',
          );
        }
      }, seconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  // ---- stop -----------------------------------------------------------------

  private async runStop(): Promise<void> {
    this.clearTimers();
    await this.launching;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    for (const wave of stopWaves(this.spec.containers)) {
      await Promise.all(wave.map((name) => this.stopContainer(this.containers.get(name) as ContainerState)));
    }
    await Promise.all(
      [...this.containers.values()].map(async (st) => {
        if (st.runtimeId === undefined) return;
        try {
          await this.runtime.remove(st.spec, st.runtimeId);
        } catch (err) {
          st.reason ??= reasonOf(err, 'CannotStopContainerError');
        }
      }),
    );
    // Task-level cleanup (e.g. volumes) failing must not keep the task from STOPPED.
    await this.runtime
      .cleanup?.()
      .catch((err: unknown) => this.hooks.logger.warn('task cleanup failed', { taskArn: this.spec.taskArn, error: String(err) }));
    this.status = 'STOPPED';
    this.stoppedAt = Date.now();
    this.emit();
    this.hooks.onStopped?.();
  }

  private async stopContainer(st: ContainerState): Promise<void> {
    if (st.status === 'STOPPED') return;
    if (st.runtimeId === undefined || !st.started) {
      this.markStopped(st, {});
      this.emit();
      return;
    }
    try {
      const exit = await this.runtime.stop(st.spec, st.runtimeId, st.spec.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS);
      this.markStopped(st, exit);
    } catch (err) {
      this.markStopped(st, { reason: reasonOf(err, 'CannotStopContainerError') });
    }
    this.emit();
  }

  // ---- state helpers ----------------------------------------------------------

  private markStopped(st: ContainerState, exit: ExitInfo): void {
    if (st.status === 'STOPPED') return;
    st.status = 'STOPPED';
    st.stoppedAt = exit.at ?? Date.now();
    if (exit.exitCode !== undefined) st.exitCode = exit.exitCode;
    if (exit.reason !== undefined) st.reason = exit.reason;
  }

  /** PENDING → RUNNING once every essential container has started; never goes back. */
  private refreshStatus(): void {
    if (this.status !== 'PENDING' || this.stopRequest) return;
    const essentials = [...this.containers.values()].filter((s) => s.essential);
    if (essentials.every((s) => s.started)) {
      this.status = 'RUNNING';
      this.startedAt = Math.max(...essentials.map((s) => s.startedAt ?? 0)) || Date.now();
    }
  }

  private containerReport(st: ContainerState): ContainerReport {
    return compact({
      name: st.spec.name,
      runtimeId: st.runtimeId,
      status: st.status,
      exitCode: st.exitCode,
      reason: st.reason,
      health: st.health,
      networkBindings: st.started ? this.runtime.bindings(st.spec) : undefined,
      pid: st.pid,
      startedAt: st.startedAt,
      stoppedAt: st.stoppedAt,
    });
  }

  private emit(): void {
    if (this.detached) return;
    const r = this.report();
    const json = JSON.stringify(r);
    if (json === this.lastReport) return;
    this.lastReport = json;
    try {
      this.hooks.onReport(r);
    } catch (err) {
      // A faulty listener must not break supervision of the task.
      this.hooks.logger.error('report listener failed', { taskArn: this.spec.taskArn, error: String(err) });
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private clearTimers(): void {
    for (const t of this.timers.splice(0)) clearTimeout(t);
  }
}
