/**
 * One simulated task as a timeline: its plan becomes timed events (launch,
 * container exits, health results, a requested stop) applied in order by
 * advance(now). State is a function of time, so a driver can drop its timers
 * (agent shut down) and later catch up in one advance() (agent restarted),
 * just as real containers keep running while their agent is away.
 */
import { createHash } from 'node:crypto';
import { taskHealth } from '../runtime/supervision/task-health.js';
import type { ContainerReport, TaskReport, TaskSpec, TaskStopCode } from '../../protocol/index.js';
import type { ContainerPlan, TaskPlan } from './hollow-plan.js';

export const ESSENTIAL_EXIT_REASON = 'Essential container in task exited';

type Event =
  | { at: number; kind: 'launch' }
  | { at: number; kind: 'exit' | 'health'; container: string }
  | { at: number; kind: 'stop'; reason: string; stopCode: TaskStopCode };

export class HollowTask {
  private readonly state: TaskReport;
  private readonly events: Event[] = [];
  private readonly logLines = new Map<string, string[]>();
  private stopScheduled = false;

  constructor(
    readonly spec: TaskSpec,
    private readonly plan: TaskPlan,
    now: number,
  ) {
    this.state = {
      taskArn: spec.taskArn,
      status: 'PENDING',
      containers: spec.containers.map((c) => ({ name: c.name, runtimeId: runtimeId(spec.taskArn, c.name), status: 'PENDING' })),
      pullStartedAt: now,
    };
    for (const c of spec.containers) this.log(c.name, now, `pulling ${c.image ?? 'image'}`);
    this.schedule({ at: now + plan.launchDelayMs, kind: 'launch' });
  }

  get status(): TaskReport['status'] {
    return this.state.status;
  }

  /** A copy: listeners may keep or change it freely. */
  report(): TaskReport {
    return structuredClone(this.state);
  }

  nextEventAt(): number | undefined {
    return this.events[0]?.at;
  }

  /** Applies every event due by `now`; true if the report changed. */
  advance(now: number): boolean {
    let changed = false;
    while (this.events.length > 0 && this.events[0]!.at <= now) changed = this.apply(this.events.shift()!) || changed;
    return changed;
  }

  /**
   * A pending task stops at once (the pull is abandoned); a running one after
   * the stop delay. True if the report changed now.
   */
  requestStop(now: number, reason: string, stopCode: TaskStopCode): boolean {
    if (this.state.status === 'STOPPED' || this.stopScheduled) return false;
    this.stopScheduled = true;
    if (this.state.status === 'PENDING') {
      this.events.length = 0;
      this.stopTask(now, reason, stopCode);
      return true;
    }
    this.schedule({ at: now + this.plan.stopDelayMs, kind: 'stop', reason, stopCode });
    return this.advance(now);
  }

  logs(container: string): string {
    return (this.logLines.get(container) ?? []).map((line) => `${line}\n`).join('');
  }

  private apply(e: Event): boolean {
    if (this.state.status === 'STOPPED') return false;
    switch (e.kind) {
      case 'launch':
        if (this.plan.failure) this.failToStart(e.at, this.plan.failure);
        else this.launch(e.at);
        return true;
      case 'exit':
        return this.exit(e.at, e.container);
      case 'health':
        return this.setHealth(e.at, e.container);
      case 'stop':
        this.stopTask(e.at, e.reason, e.stopCode);
        return true;
    }
  }

  private launch(at: number): void {
    Object.assign(this.state, { status: 'RUNNING', pullStoppedAt: at, startedAt: at });
    for (const c of this.state.containers) {
      const spec = this.spec.containers.find((s) => s.name === c.name)!;
      const plan = this.containerPlan(c.name);
      c.status = 'RUNNING';
      c.startedAt = at;
      if (this.spec.networkMode !== 'none' && spec.portMappings?.length) {
        c.networkBindings = spec.portMappings.map((p) => ({
          bindIP: '0.0.0.0',
          containerPort: p.containerPort,
          hostPort: p.hostPort,
          protocol: p.protocol,
        }));
      }
      if (plan.health) c.health = 'UNKNOWN';
      this.log(c.name, at, 'started');
      if (plan.health) this.schedule({ at: at + plan.healthDelayMs, kind: 'health', container: c.name });
      if (Number.isFinite(plan.exitAfterMs)) this.schedule({ at: at + plan.exitAfterMs, kind: 'exit', container: c.name });
    }
    this.updateHealth();
  }

  private failToStart(at: number, failure: { container: string; reason: string }): void {
    const blamed = this.state.containers.find((c) => c.name === failure.container);
    if (blamed) {
      blamed.reason = failure.reason;
      this.log(blamed.name, at, failure.reason);
    }
    this.stopTask(at, failure.reason, 'TaskFailedToStart');
  }

  private exit(at: number, name: string): boolean {
    const c = this.container(name);
    if (c.status !== 'RUNNING') return false;
    this.stopContainer(c, at, this.containerPlan(name).exitCode);
    if (this.containerPlan(name).essential) this.stopTask(at, ESSENTIAL_EXIT_REASON, 'EssentialContainerExited');
    else this.updateHealth();
    return true;
  }

  private setHealth(at: number, name: string): boolean {
    const c = this.container(name);
    const health = this.containerPlan(name).health;
    if (c.status !== 'RUNNING' || !health) return false;
    c.health = health;
    this.log(name, at, `health check: ${health}`);
    this.updateHealth();
    return true;
  }

  /** The containers still running get SIGTERM and, being simulated, exit cleanly (0). */
  private stopTask(at: number, reason: string, stopCode: TaskStopCode): void {
    for (const c of this.state.containers) {
      if (c.status === 'RUNNING') this.stopContainer(c, at, 0);
      else if (c.status === 'PENDING') Object.assign(c, { status: 'STOPPED' });
    }
    Object.assign(this.state, { status: 'STOPPED', stoppedReason: reason, stopCode, stoppedAt: at });
    this.events.length = 0;
    this.updateHealth();
  }

  private stopContainer(c: ContainerReport, at: number, exitCode: number): void {
    Object.assign(c, { status: 'STOPPED', exitCode, stoppedAt: at });
    this.log(c.name, at, `exited with code ${exitCode}`);
  }

  private updateHealth(): void {
    this.state.health = taskHealth(
      this.state.containers.map((c) => {
        const plan = this.containerPlan(c.name);
        return { essential: plan.essential, hasHealthCheck: plan.health !== undefined, health: c.health };
      }),
    );
  }

  private schedule(e: Event): void {
    const i = this.events.findIndex((x) => x.at > e.at);
    this.events.splice(i < 0 ? this.events.length : i, 0, e);
  }

  private container(name: string): ContainerReport {
    return this.state.containers.find((c) => c.name === name)!;
  }

  private containerPlan(name: string): ContainerPlan {
    return this.plan.containers.find((c) => c.name === name)!;
  }

  private log(container: string, at: number, message: string): void {
    const lines = this.logLines.get(container) ?? [];
    lines.push(`${new Date(at).toISOString()} hollow: ${message}`);
    this.logLines.set(container, lines);
  }
}

/** Looks like a Docker container id (64 hex) and is stable for a task and container name. */
function runtimeId(taskArn: string, name: string): string {
  return createHash('sha256').update(`${taskArn}/${name}`).digest('hex');
}
