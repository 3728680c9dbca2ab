/**
 * Services behind load balancers, as ECS runs them: which tasks' targets to
 * register, watch or deregister, when a task counts as healthy (every target
 * healthy in its target group), when a failing target gets its task replaced
 * (after healthCheckGracePeriodSeconds), and the events ECS writes about it.
 * Pure: the reconcile pass (src/app/reconcile/target-sync.ts) makes the ELB
 * calls and records the outcome on the tasks.
 */
import type { ServiceRecord } from '../../domain/service.js';
import type { TaskRecord } from '../../domain/task.js';
import { drained, holdsTargets, targetsHealthy, type TaskTarget } from '../../domain/task-targets.js';
import { isHealthy, isRunning } from './counts.js';
import type { ReconcileTask } from './types.js';

type LbService = Pick<ServiceRecord, 'serviceName' | 'loadBalancers' | 'healthCheckGracePeriodSeconds'>;
/** The task fields target decisions read. */
export type TargetTask = Pick<
  TaskRecord,
  'taskId' | 'lastStatus' | 'desiredStatus' | 'containerInstanceId' | 'hostPorts' | 'loadBalancing'
>;

export const behindLoadBalancer = (s: Pick<ServiceRecord, 'loadBalancers'>) => s.loadBalancers.length > 0;

/** Healthy as the service counts it: running, not failing its container health check, and healthy in every target group. */
export function healthyForService(service: Pick<ServiceRecord, 'loadBalancers'>, t: ReconcileTask, now: number): boolean {
  return isHealthy(t, now) && (!behindLoadBalancer(service) || targetsHealthy(t));
}

/**
 * The target of a task that ELB reports unhealthy, once the grace period
 * after the task started has passed (ECS ignores ELB health checks until then).
 */
export function failedElbHealthCheck(service: LbService, t: ReconcileTask, nowSec: number): TaskTarget | undefined {
  if (!behindLoadBalancer(service) || !isRunning(t) || t.loadBalancing?.state !== 'REGISTERED') return undefined;
  if (nowSec - (t.startedAt ?? t.createdAt) < (service.healthCheckGracePeriodSeconds ?? 0)) return undefined;
  return t.loadBalancing.targets.find((x) => x.health === 'unhealthy');
}

/** The targets a running task of the service must have: one per load balancer entry, on the task's host port. */
export function wantedTargets(
  service: LbService,
  t: TargetTask,
  targetIdOf: (instanceId: string) => string | undefined,
): TaskTarget[] | undefined {
  const id = t.containerInstanceId && targetIdOf(t.containerInstanceId);
  if (!id) return undefined;
  const targets: TaskTarget[] = [];
  for (const lb of service.loadBalancers) {
    const binding = t.hostPorts.find(
      (p) => p.containerName === lb.containerName && p.containerPort === lb.containerPort && p.protocol === 'tcp',
    );
    if (!binding || !lb.targetGroupArn) return undefined;
    targets.push({
      targetGroupArn: lb.targetGroupArn,
      containerName: lb.containerName!,
      containerPort: lb.containerPort!,
      id,
      port: binding.hostPort,
    });
  }
  return targets;
}

export interface TaskTargets {
  taskId: string;
  targets: TaskTarget[];
}

export interface TargetWorkBeforePlan {
  /** Running tasks with no targets yet, or whose registration did not finish: register (idempotent). */
  register: TaskTargets[];
  /** Registered tasks that should run, and draining ones not drained yet: read their target health. */
  watch: TaskTargets[];
}

/** What to do with targets before the controller plans: register new tasks, refresh health. */
export function targetWorkBeforePlan(
  service: LbService,
  tasks: readonly TargetTask[],
  targetIdOf: (instanceId: string) => string | undefined,
  nowMs: number,
): TargetWorkBeforePlan {
  const out: TargetWorkBeforePlan = { register: [], watch: [] };
  for (const t of tasks) {
    const lb = t.loadBalancing;
    const wantsTraffic = t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING';
    if (wantsTraffic && behindLoadBalancer(service) && (!lb || lb.state === 'REGISTERING')) {
      const targets = lb?.targets ?? wantedTargets(service, t, targetIdOf);
      if (targets) out.register.push({ taskId: t.taskId, targets });
    } else if ((wantsTraffic && lb?.state === 'REGISTERED') || (lb?.state === 'DRAINING' && !drained(t, nowMs))) {
      out.watch.push({ taskId: t.taskId, targets: lb.targets });
    }
  }
  return out;
}

/**
 * Tasks whose targets must be deregistered now: asked to stop (by this pass's
 * plan or before), or already STOPPED (exited, or their host was lost).
 * `stopped` says whether the task is already gone (no draining to wait for).
 * A STOPPED task gave its host port back: when a newer task of the service
 * already serves on the same instance and port, that target is the newer
 * task's and is not deregistered (`targets` leaves it out).
 */
export function targetsToDeregister(
  tasks: readonly TargetTask[],
  stoppingNow: ReadonlySet<string>,
): (TaskTargets & { stopped: boolean })[] {
  const serving = new Set(
    tasks
      .filter((t) => t.desiredStatus === 'RUNNING' && !stoppingNow.has(t.taskId) && t.loadBalancing)
      .flatMap((t) => t.loadBalancing!.targets.map(targetKey)),
  );
  return tasks
    .filter((t) => holdsTargets(t) && (t.desiredStatus === 'STOPPED' || t.lastStatus === 'STOPPED' || stoppingNow.has(t.taskId)))
    .map((t) => {
      const stopped = t.lastStatus === 'STOPPED';
      const targets = t.loadBalancing!.targets.filter((x) => !(stopped && serving.has(targetKey(x))));
      return { taskId: t.taskId, targets, stopped };
    });
}

const targetKey = (t: TaskTarget) => `${t.targetGroupArn} ${t.id}:${t.port}`;

/** When a deregistered task's containers may be stopped: after the longest deregistration delay of its target groups. */
export const drainedAt = (nowMs: number, delaysSeconds: readonly number[]) => nowMs / 1000 + Math.max(0, ...delaysSeconds);

/** Targets grouped by target group, for one ELB call per group. */
export function byTargetGroup<T extends TaskTargets>(items: readonly T[]): Map<string, { item: T; target: TaskTarget }[]> {
  const out = new Map<string, { item: T; target: TaskTarget }[]>();
  for (const item of items) {
    for (const target of item.targets) {
      const list = out.get(target.targetGroupArn);
      if (list) list.push({ item, target });
      else out.set(target.targetGroupArn, [{ item, target }]);
    }
  }
  return out;
}

/** ECS's service events and stop reason about load balancing. */
export const targetMessages = {
  registered: (service: string, count: number, tg: string) => `(service ${service}) registered ${count} targets in (target-group ${tg})`,
  deregistered: (service: string, count: number, tg: string) =>
    `(service ${service}) deregistered ${count} targets in (target-group ${tg})`,
  drainingBegun: (service: string, count: number) => `(service ${service}) has begun draining connections on ${count} tasks.`,
  unhealthy: (service: string, t: TaskTarget) =>
    `(service ${service}) (instance ${t.id}) (port ${t.port}) is unhealthy in (target-group ${t.targetGroupArn}) due to (reason ${t.description ?? t.reason ?? 'Health checks failed'}).`,
  registrationFailed: (service: string, tg: string, why: string) =>
    `(service ${service}) failed to register targets in (target-group ${tg}) with (error ${why})`,
};

export const elbStopReason = (targetGroupArn: string) => `Task failed ELB health checks in (target-group ${targetGroupArn})`;
