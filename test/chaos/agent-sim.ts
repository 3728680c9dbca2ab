/**
 * A simulated host agent speaking the real poll protocol to the real poll use
 * case: it registers, runs what it is assigned (tasks start, turn healthy or
 * unhealthy, batch jobs end), reports every change and re-sends until
 * acknowledged. On request it misbehaves the ways networks and restarts make
 * agents misbehave: reports held back and sent late, sent twice, reordered,
 * or a stale one sent after a newer one. It can vanish (stop polling) and
 * come back, re-registering as an agent restart does.
 *
 * The host's truth lives here, so the invariants can compare it with the
 * store: what actually runs, what was reported, what is still unacknowledged.
 */
import { agentPoll as poll, type AgentPollDeps as PollDeps } from '../../src/app/agent-calls/agent-poll.js';
import type { AppContext } from '../../src/app/context.js';
import { registerContainerInstance } from '../../src/app/container-instances/register-container-instance.js';
import type { HealthStatus, TaskStopCode as AgentStopCode } from '../../src/protocol/index.js';
import { EcsError } from '../../src/domain/errors.js';
import type { TaskStateReport } from '../../src/domain/task-transitions.js';
import type { Random } from '../../src/scheduler/placement/random.js';
import { CLUSTER, SHORT_LIVED_FAMILIES, type HostSpec } from './catalog.js';
import type { ReportFault } from './steps.js';

export type Report = TaskStateReport & { taskArn: string };

export interface LocalTask {
  arn: string;
  family: string;
  containers: string[];
  status: 'PENDING' | 'RUNNING' | 'STOPPED';
  health: HealthStatus;
  /** Sim time it started running. */
  startedAt?: number;
}

const AGENT_STOP_CODES = new Set<string>(['TaskFailedToStart', 'EssentialContainerExited', 'UserInitiated', 'ServiceSchedulerInitiated']);
const HISTORY = 40;
const QUIET_HEALTH_FAILURES_MS = 15_000;

export class AgentSim {
  arn: string | undefined;
  readonly tasks = new Map<string, LocalTask>();
  /** Tasks this host was ever given: never started twice (ECS never restarts a task). */
  readonly seen = new Set<string>();
  /** Reports not acknowledged yet, oldest first. */
  queue: Report[] = [];
  /** Acknowledged reports, for duplicates. */
  history: Report[] = [];
  awayUntil = 0;
  /** The sim time of the step whose poll is registering this host: overlapping polls of that step do not happen. */
  private registeringAt: number | undefined;
  /** Re-register (as after an agent restart) before the next poll. */
  restarted = false;
  /** No new failures (a convergence phase), except that tasks starting in its first seconds may fail their health check. */
  quiet = false;
  quietSince = 0;
  /** The next poll reports every task (after a registration, or when a task running here is no longer listed). */
  private needFull = true;
  /** The sim clock of the poll under way: every report taken during it carries it (`reportedAt`), as the agent's queue stamps them. */
  private now = 0;

  constructor(
    readonly host: number,
    readonly spec: HostSpec,
  ) {}

  get instanceId() {
    return this.arn?.split('/').pop();
  }

  /** One poll as the agent makes it; returns what happened, for the step log. */
  async poll(ctx: AppContext, deps: PollDeps, fault: ReportFault, random: Random, reported: Set<string>): Promise<string> {
    if (ctx.clock.now() < this.awayUntil) return 'away';
    this.now = ctx.clock.now();
    // A real agent's single loop never polls while it registers: a poll of this host that overlaps a
    // registration under way does not happen (two registrations would give the host two instances).
    // Only within one step: a registration whose actor crashed never settles (its process died), and the next
    // step's poll is the restarted agent's.
    if (this.registeringAt === this.now) return 'registering';
    if (!this.arn || this.restarted) {
      this.registeringAt = this.now;
      try {
        await this.register(ctx);
      } finally {
        this.registeringAt = undefined;
      }
    }
    const arn = this.arn!;
    this.progress(random, ctx.clock.now());
    // As the real agent: after a registration, or when a task running here went unlisted, every task's state rides along.
    const full = this.needFull;
    const sent = full ? [...this.reports(fault, random), ...this.currentState()] : this.reports(fault, random);
    for (const r of sent) reported.add(r.taskArn);
    let response;
    try {
      response = await poll(
        { cluster: CLUSTER, containerInstanceArn: arn, reports: sent.map((r) => ({ ...r, containers: r.containers ?? [] })), full },
        ctx,
        deps,
      );
    } catch (err) {
      if (err instanceof EcsError && err.code === 'InvalidContainerInstanceException') {
        // Deregistered: what ran here is orphaned; the agent stops it and registers anew — unless an overlapping
        // poll already did (this one went out under the instance before).
        if (this.arn !== arn) return 'deregistered (already registered anew)';
        this.forget();
        return 'deregistered';
      }
      throw err;
    }
    if (full) this.needFull = false;
    this.acknowledge(sent, response.acknowledged);
    for (const arn of response.unknown) this.drop(arn);
    for (const a of response.tasks) {
      if (response.unknown.includes(a.taskArn)) continue;
      if (a.desiredStatus === 'RUNNING') this.start(a.taskArn, a.spec?.family ?? '?', a.spec?.containers.map((c) => c.name) ?? []);
      else this.stop(a.taskArn, a.stopReason, a.stopCode);
    }
    const listed = new Set([...response.tasks.map((a) => a.taskArn), ...response.unknown]);
    if (this.running().some((t) => !listed.has(t.arn))) this.needFull = true;
    // Stopped tasks whose last word was heard are cleaned up (never started again: `seen`).
    for (const t of [...this.tasks.values()])
      if (t.status === 'STOPPED' && !this.queue.some((r) => r.taskArn === t.arn)) this.tasks.delete(t.arn);
    return `${sent.length} reports, ${response.tasks.length} assigned, ${response.unknown.length} unknown`;
  }

  /** As the real agent: re-register its instance after a restart; if the control plane refuses, register as a new one. */
  private async register(ctx: AppContext) {
    if (this.arn) {
      try {
        return this.registered(await this.registration(ctx, this.arn));
      } catch (err) {
        if (!(err instanceof EcsError) || err.status >= 500) throw err;
        this.forget();
      }
    }
    this.registered(await this.registration(ctx));
  }

  private registered(out: Awaited<ReturnType<typeof registerContainerInstance>>) {
    this.arn = out.containerInstance!.containerInstanceArn!;
    this.restarted = false;
    this.needFull = true;
  }

  private registration(ctx: AppContext, containerInstanceArn?: string) {
    return registerContainerInstance(
      {
        cluster: CLUSTER,
        ...(containerInstanceArn ? { containerInstanceArn } : {}),
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: this.spec.cpu },
          { name: 'MEMORY', type: 'INTEGER', integerValue: this.spec.memory },
        ],
        attributes: [
          { name: 'ecs.availability-zone', value: this.spec.zone },
          { name: 'size', value: this.spec.size },
        ],
      },
      ctx,
    );
  }

  /** Every task's state now (the body of a full report), beyond what is queued. */
  private currentState(): Report[] {
    return [...this.tasks.values()].map((t) => ({
      taskArn: t.arn,
      reportedAt: this.now,
      status: t.status,
      containers: t.containers.map((name) => ({ name, status: t.status })),
      ...(t.health !== 'UNKNOWN' ? { health: t.health } : {}),
    }));
  }

  /** What happened on the host since the last poll. */
  private progress(random: Random, now: number) {
    // A quiet phase's first seconds: an application may still fail its health check (once; its replacement starts later).
    const failingStarts = this.quiet && now - this.quietSince < QUIET_HEALTH_FAILURES_MS;
    for (const t of this.tasks.values()) {
      if (t.status === 'PENDING') {
        if (!this.quiet && random() < 0.02) this.finish(t, 'TaskFailedToStart', 'CannotStartContainerError: simulated');
        else if (this.quiet || random() < 0.8) {
          t.status = 'RUNNING';
          t.startedAt = now;
          if (failingStarts && random() < 0.5) t.health = 'UNHEALTHY';
          else if (this.quiet || random() < 0.5) t.health = 'HEALTHY';
          this.report(t);
        }
      } else if (
        t.status === 'RUNNING' &&
        failingStarts &&
        t.health !== 'UNHEALTHY' &&
        now - (t.startedAt ?? 0) < QUIET_HEALTH_FAILURES_MS
      ) {
        if (random() < 0.5) {
          t.health = 'UNHEALTHY';
          this.report(t);
        }
      } else if (t.status === 'RUNNING' && !this.quiet) {
        const exitChance = SHORT_LIVED_FAMILIES.has(t.family) ? 0.1 : 0.003;
        if (random() < exitChance) this.finish(t, 'EssentialContainerExited', 'Essential container in task exited');
        else if (t.health !== 'UNHEALTHY' && random() < 0.03) {
          t.health = 'UNHEALTHY'; // a failing health check stays failing
          this.report(t);
        } else if (t.health === 'UNKNOWN' && random() < 0.3) {
          t.health = 'HEALTHY';
          this.report(t);
        }
      }
    }
  }

  /** The poll's reports, as the fault shapes them. */
  private reports(fault: ReportFault, random: Random): Report[] {
    const queued = [...this.queue];
    switch (fault) {
      case 'none':
        return queued;
      case 'reorder':
        return queued.reverse();
      case 'late':
        return queued.slice(1); // the oldest waits for a later poll, after newer ones
      case 'duplicate': {
        const extra = this.history.length ? [this.history[Math.floor(random() * this.history.length)]!] : [];
        return [...extra, ...queued, ...extra];
      }
      case 'backwards': {
        const candidates = [...this.tasks.values()].filter((t) => t.status !== 'PENDING');
        if (!candidates.length) return queued;
        const t = candidates[Math.floor(random() * candidates.length)]!;
        const stale: Report = { taskArn: t.arn, status: t.status === 'STOPPED' ? 'RUNNING' : 'PENDING', containers: [] };
        return [...queued, stale];
      }
    }
  }

  private acknowledge(sent: readonly Report[], acknowledged: readonly string[]) {
    const acked = new Set(acknowledged);
    const delivered = new Set(sent.filter((r) => acked.has(r.taskArn)));
    this.queue = this.queue.filter((r) => !delivered.has(r));
    this.history = [...delivered, ...this.history].slice(0, HISTORY);
  }

  private start(arn: string, family: string, containers: string[]) {
    if (this.seen.has(arn)) return;
    this.seen.add(arn);
    const t: LocalTask = { arn, family, containers, status: 'PENDING', health: 'UNKNOWN' };
    this.tasks.set(arn, t);
    this.report(t);
  }

  private stop(arn: string, reason?: string, stopCode?: string) {
    const t = this.tasks.get(arn);
    if (t) {
      if (t.status !== 'STOPPED') this.finish(t, stopCode, reason ?? 'Task stopped by the control plane');
      return;
    }
    if (this.seen.has(arn)) return;
    // Assigned and stopped between two polls: never ran here; say so.
    this.seen.add(arn);
    const never: LocalTask = { arn, family: '?', containers: [], status: 'STOPPED', health: 'UNKNOWN' };
    this.tasks.set(arn, never);
    this.report(never, stopCode, reason);
  }

  private finish(t: LocalTask, stopCode: string | undefined, reason: string) {
    t.status = 'STOPPED';
    this.report(t, stopCode, reason);
  }

  /** The control plane does not know it (or knows it stopped): stop the copy here and forget it. */
  private drop(arn: string) {
    this.tasks.delete(arn);
    this.seen.add(arn);
    this.queue = this.queue.filter((r) => r.taskArn !== arn);
  }

  private forget() {
    this.tasks.clear();
    this.queue = [];
    this.history = [];
    this.arn = undefined;
    this.restarted = false;
  }

  private report(t: LocalTask, stopCode?: string, stoppedReason?: string) {
    const containerStatus = t.status;
    this.queue.push({
      taskArn: t.arn,
      reportedAt: this.now,
      status: t.status,
      containers: t.containers.map((name) => ({ name, status: containerStatus, ...(t.health !== 'UNKNOWN' ? { health: t.health } : {}) })),
      ...(t.health !== 'UNKNOWN' ? { health: t.health } : {}),
      ...(t.status === 'STOPPED'
        ? { stoppedReason, ...(stopCode && AGENT_STOP_CODES.has(stopCode) ? { stopCode: stopCode as AgentStopCode } : {}) }
        : {}),
    });
  }

  /** Tasks that run here now (the host's truth). */
  running(): LocalTask[] {
    return [...this.tasks.values()].filter((t) => t.status !== 'STOPPED');
  }
}
