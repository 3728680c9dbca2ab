/**
 * The load balancer side of a reconcile pass, around the pure controller:
 *  - before planning, register the targets of tasks that reached RUNNING and
 *    read the health of registered (and draining) targets, so the plan counts
 *    a task healthy only when its targets are;
 *  - after the plan is committed, deregister the targets of every task that
 *    is to stop (scale-in, deployment, draining instance, StopTask, failed
 *    health) or has stopped (exited, lost host), and start its draining: the
 *    agent gets the stop once the target groups' deregistration delay is over;
 *  - at the end, write the events (ECS's wording) and mark the service dirty
 *    when an ELB call failed, so the next pass retries it.
 * Every ELB call is idempotent and each outcome is recorded on the task with
 * a conditional write, so a pass killed at any point is finished by the next.
 */
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { ServiceRecord } from '../../domain/service.js';
import type { TaskRecord } from '../../domain/task.js';
import { holdsTargets, type TaskLoadBalancing, type TaskTarget } from '../../domain/task-targets.js';
import { TargetGroupMissing, type Target, type TargetHealthReport } from '../../ports/load-balancers.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import {
  appendEvents,
  behindLoadBalancer,
  byTargetGroup,
  drainedAt,
  targetMessages,
  targetsToDeregister,
  targetWorkBeforePlan,
  type ServicePlan,
  type TaskTargets,
} from '../../scheduler/reconcile/index.js';
import type { AppContext } from '../context.js';

export interface TargetSyncLog {
  info(message: string, detail: Record<string, unknown>): void;
}

const key = (t: Pick<TaskTarget, 'id' | 'port'>) => `${t.id}:${t.port}`;

/** One per reconcile pass of a cluster: caches ELB reads for the pass and gathers events. */
export class TargetSync {
  private readonly messages = new Map<string, string[]>();
  private readonly retry = new Set<string>();
  private readonly delays = new Map<string, Promise<number>>();
  private readonly groupHealth = new Map<string, Promise<TargetHealthReport[] | undefined>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly cluster: string,
    private readonly log?: TargetSyncLog,
  ) {}

  /**
   * Steady-looking services behind load balancers that still need a look: a
   * rollout waiting for its targets to turn healthy, or a target of their
   * groups that is not healthy (theirs failing, or draining). One
   * DescribeTargetHealth per target group per pass; no task is read for this.
   */
  async needingAttention(services: readonly { record: ServiceRecord }[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const s of services) {
      if (s.record.status !== 'ACTIVE' || !behindLoadBalancer(s.record)) continue;
      if (s.record.deployments.some((d) => d.rolloutState === 'IN_PROGRESS')) {
        out.add(s.record.serviceName);
        continue;
      }
      for (const lb of s.record.loadBalancers) {
        const reports = lb.targetGroupArn ? await this.allTargets(lb.targetGroupArn) : undefined;
        if (!reports || reports.some((r) => r.state !== 'healthy')) out.add(s.record.serviceName);
      }
    }
    return out;
  }

  /** Registers new targets and refreshes target health; returns the service's tasks as stored afterwards. */
  async beforePlan(
    service: ServiceRecord,
    tasks: TaskRecord[],
    instances: readonly ContainerInstanceRecord[],
    now: number,
  ): Promise<TaskRecord[]> {
    if (!behindLoadBalancer(service) && !tasks.some((t) => t.loadBalancing)) return tasks;
    const targetIds = new Map(instances.map((i) => [i.id, i.ec2InstanceId ?? i.id]));
    const work = targetWorkBeforePlan(service, tasks, (id) => targetIds.get(id), now);
    const updated = new Map<string, TaskRecord>();
    await this.register(service, work.register, tasks, updated);
    await this.watch(service, work.watch, updated, now);
    return tasks.map((t) => updated.get(t.taskId) ?? t);
  }

  /** After the service's plan is committed: deregister and start draining what stops. */
  async afterPlan(service: ServiceRecord, tasks: readonly TaskRecord[], plan: Pick<ServicePlan, 'stop' | 'lost'>): Promise<void> {
    const stopping = new Set([...plan.stop.map((s) => s.taskId), ...plan.lost.map((l) => l.taskId)]);
    const items = targetsToDeregister(tasks, stopping);
    if (!items.length) return;
    const name = service.serviceName;
    const failed = await this.eachGroup(
      name,
      'deregister targets',
      items,
      (tg, targets) => this.ctx.loadBalancers.deregisterTargets(tg, targets),
      (tg, n) => this.say(name, targetMessages.deregistered(name, n, tg)),
    );
    let draining = 0;
    for (const item of items) {
      if (item.targets.some((t) => failed.has(t.targetGroupArn))) continue;
      let delays: number[];
      try {
        delays = item.stopped ? [] : await Promise.all(item.targets.map((t) => this.delay(t.targetGroupArn)));
      } catch (err) {
        // Still holding its targets: the next pass deregisters again (idempotent) and reads the delay then.
        this.failed(name, 'read the deregistration delay', item.targets[0]?.targetGroupArn ?? '', err);
        continue;
      }
      // Draining starts when ELB has taken the deregistration.
      const until = drainedAt(this.ctx.clock.now(), delays);
      const result = await this.ctx.tasks.transition(this.cluster, item.taskId, (t) => {
        if (!holdsTargets(t)) return undefined;
        if (t.lastStatus === 'STOPPED') return { ...t, loadBalancing: { ...t.loadBalancing!, state: 'DEREGISTERED' } };
        const lb: TaskLoadBalancing = { ...t.loadBalancing!, state: 'DRAINING', drainedAt: until };
        // As in ECS, a running task asked to stop is DEACTIVATING while its connections drain (StopTask set it already).
        const deactivating = t.lastStatus === 'RUNNING' && t.desiredStatus === 'STOPPED';
        return { ...t, ...(deactivating ? { lastStatus: 'DEACTIVATING' as const } : {}), loadBalancing: lb };
      });
      if (result?.changed && result.task.loadBalancing?.state === 'DRAINING') draining++;
    }
    if (draining) this.say(name, targetMessages.drainingBegun(name, draining));
  }

  /** Writes the gathered events and marks services with failed ELB calls dirty. Never throws: the next pass retries. */
  async flush(now: number): Promise<void> {
    for (const [name, messages] of this.messages) {
      await this.appendEvents(name, messages, now).catch((err) =>
        this.log?.info('writing load balancer events failed', { service: name, error: String(err) }),
      );
    }
    for (const name of this.retry) {
      await this.ctx.services.markDirty(this.cluster, name, now).catch(() => undefined);
    }
    this.messages.clear();
    this.retry.clear();
  }

  private async register(service: ServiceRecord, items: TaskTargets[], tasks: readonly TaskRecord[], updated: Map<string, TaskRecord>) {
    if (!items.length) return;
    const name = service.serviceName;
    const byId = new Map(tasks.map((t) => [t.taskId, t]));
    // The intent first: a pass killed after RegisterTargets still finds the task REGISTERING, and retries.
    const pending: TaskTargets[] = [];
    for (const item of items) {
      if (byId.get(item.taskId)?.loadBalancing) {
        pending.push(item);
        continue;
      }
      const result = await this.ctx.tasks.transition(this.cluster, item.taskId, (t) =>
        t.loadBalancing || t.lastStatus !== 'RUNNING' || t.desiredStatus !== 'RUNNING'
          ? undefined
          : { ...t, loadBalancing: { state: 'REGISTERING', targets: item.targets } },
      );
      if (result?.changed) {
        updated.set(item.taskId, result.task);
        pending.push(item);
      }
    }
    const failed = await this.eachGroup(
      name,
      'register targets',
      pending,
      (tg, targets) => this.ctx.loadBalancers.registerTargets(tg, targets),
      (tg, n) => this.say(name, targetMessages.registered(name, n, tg)),
    );
    for (const item of pending) {
      if (item.targets.some((t) => failed.has(t.targetGroupArn))) continue;
      const result = await this.ctx.tasks.transition(this.cluster, item.taskId, (t) =>
        t.loadBalancing?.state === 'REGISTERING' ? { ...t, loadBalancing: { ...t.loadBalancing, state: 'REGISTERED' } } : undefined,
      );
      if (result?.changed) updated.set(item.taskId, result.task);
      // Stopped and deregistered (by another pass) while this registration was on its way: take it back.
      else if (result && !holdsTargets(result.task)) await this.takeBack(name, item);
    }
  }

  /** One ELB call per target group; returns the groups whose call failed (each recorded for a retry). */
  private async eachGroup(
    service: string,
    what: string,
    items: readonly TaskTargets[],
    call: (tg: string, targets: Target[]) => Promise<void>,
    done: (tg: string, count: number) => void,
  ): Promise<Set<string>> {
    const failed = new Set<string>();
    for (const [tg, entries] of byTargetGroup(items)) {
      try {
        await call(
          tg,
          entries.map((e) => ({ id: e.target.id, port: e.target.port })),
        );
        done(tg, entries.length);
      } catch (err) {
        failed.add(tg);
        this.failed(service, what, tg, err);
        if (err instanceof TargetGroupMissing && what === 'register targets')
          this.say(service, targetMessages.registrationFailed(service, tg, 'the target group does not exist'));
      }
    }
    return failed;
  }

  private async takeBack(service: string, item: TaskTargets) {
    await this.eachGroup(
      service,
      'deregister targets',
      [item],
      (tg, targets) => this.ctx.loadBalancers.deregisterTargets(tg, targets),
      () => {},
    );
  }

  private async watch(service: ServiceRecord, items: TaskTargets[], updated: Map<string, TaskRecord>, now: number) {
    if (!items.length) return;
    const name = service.serviceName;
    const reports = new Map<string, Map<string, TargetHealthReport>>();
    for (const [tg, entries] of byTargetGroup(items)) {
      try {
        const health = await this.ctx.loadBalancers.targetHealth(
          tg,
          entries.map((e) => ({ id: e.target.id, port: e.target.port })),
        );
        reports.set(tg, new Map(health.map((r) => [key(r), r])));
      } catch (err) {
        this.failed(name, 'read target health', tg, err);
      }
    }
    const reportOf = (t: TaskTarget) => reports.get(t.targetGroupArn)?.get(key(t));
    for (const item of items) {
      const result = await this.ctx.tasks.transition(this.cluster, item.taskId, (t) => {
        const lb = t.loadBalancing;
        if (!lb || (lb.state !== 'REGISTERED' && lb.state !== 'DRAINING')) return undefined;
        const targets = lb.targets.map((x) => withHealth(x, reportOf(x)));
        // Registered targets ELB no longer has (deregistered behind Berth's back): registered again by the next pass.
        if (lb.state === 'REGISTERED' && t.desiredStatus === 'RUNNING' && targets.some((x) => isGone(reportOf(x))))
          return { ...t, loadBalancing: { ...lb, state: 'REGISTERING', targets } };
        // ELB completes a deregistration early when nothing is in flight: the task may stop now.
        const doneEarly = lb.state === 'DRAINING' && targets.every((x) => isGone(reportOf(x)));
        const next: TaskLoadBalancing = {
          ...lb,
          targets,
          ...(doneEarly ? { drainedAt: Math.min(lb.drainedAt ?? Infinity, now / 1000) } : {}),
        };
        return JSON.stringify(next) === JSON.stringify(lb) ? undefined : { ...t, loadBalancing: next };
      });
      if (result?.changed) updated.set(item.taskId, result.task);
      if (result?.task.loadBalancing?.state === 'REGISTERING') this.retry.add(name);
    }
  }

  private allTargets(tg: string): Promise<TargetHealthReport[] | undefined> {
    let p = this.groupHealth.get(tg);
    if (!p) {
      p = this.ctx.loadBalancers.targetHealth(tg).catch(() => undefined);
      this.groupHealth.set(tg, p);
    }
    return p;
  }

  private delay(tg: string): Promise<number> {
    let p = this.delays.get(tg);
    if (!p) {
      p = this.ctx.loadBalancers.deregistrationDelaySeconds(tg).catch((err) => {
        this.delays.delete(tg); // not cached: a later call may succeed
        if (err instanceof TargetGroupMissing) return 0;
        throw err;
      });
      this.delays.set(tg, p);
    }
    return p;
  }

  private say(service: string, message: string) {
    const list = this.messages.get(service);
    if (list) list.push(message);
    else this.messages.set(service, [message]);
  }

  private failed(service: string, what: string, tg: string, err: unknown) {
    this.retry.add(service);
    this.log?.info(`could not ${what}`, { cluster: this.cluster, service, targetGroup: tg, error: String(err) });
  }

  /** Appends to the service's events under its version; when every attempt loses, TooManyConflicts reaches flush, which logs it. */
  private async appendEvents(name: string, messages: string[], now: number): Promise<void> {
    return retryOnConflict(`events of service ${name}`, this.ctx.conflictRetry, async () => {
      const current = await this.ctx.services.get(this.cluster, name);
      if (!current) return undefined;
      const events = appendEvents(current.record.events, messages, now / 1000, () => this.ctx.ids.uuid());
      if (events === current.record.events || (await this.ctx.services.put({ ...current.record, events }, current.version)))
        return undefined;
      return CONFLICT;
    });
  }
}

/** ELB no longer has the target (never registered, or its deregistration completed). */
const isGone = (r: TargetHealthReport | undefined) => r !== undefined && r.state === 'unused' && r.reason === 'Target.NotRegistered';

function withHealth(t: TaskTarget, r: TargetHealthReport | undefined): TaskTarget {
  if (!r) return t;
  const { health: _h, reason: _r, description: _d, ...rest } = t;
  return { ...rest, health: r.state, ...(r.reason ? { reason: r.reason } : {}), ...(r.description ? { description: r.description } : {}) };
}
