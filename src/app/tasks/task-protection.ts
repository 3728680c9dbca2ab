import type {
  Failure,
  GetTaskProtectionRequest,
  GetTaskProtectionResponse,
  ProtectedTask,
  UpdateTaskProtectionRequest,
  UpdateTaskProtectionResponse,
} from '@aws-sdk/client-ecs';
import { taskArn } from '../../domain/arn.js';
import { invalidParameter } from '../../domain/errors.js';
import { isProtected, isLive, type TaskRecord } from '../../domain/task.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { describeMany } from '../describe-many.js';
import { taskIdParam } from './resolve-task.js';

/** ECS's limits: protection lasts 2 h unless told otherwise, at most 48 h; 10 tasks per update, 100 per read. */
export const DEFAULT_PROTECTION_MINUTES = 120;
export const MAX_PROTECTION_MINUTES = 2880;
const MAX_UPDATE_TASKS = 10;
const MAX_GET_TASKS = 100;

function protectedTaskView(t: TaskRecord, now: number): Wire<ProtectedTask> {
  return isProtected(t, now)
    ? { taskArn: t.taskArn, protectionEnabled: true, expirationDate: t.protectedUntil! / 1000 }
    : { taskArn: t.taskArn, protectionEnabled: false };
}

export async function getTaskProtection(input: GetTaskProtectionRequest, ctx: AppContext): Promise<Wire<GetTaskProtectionResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (!input.tasks?.length) throw invalidParameter('tasks must name at least one task.');
  const now = ctx.clock.now();
  const { found, failures } = await describeMany({
    values: input.tasks,
    max: MAX_GET_TASKS,
    what: 'tasks',
    parse: (v) => taskIdParam(v, cluster.clusterName),
    fetch: (ids) => ctx.tasks.getMany(cluster.clusterName, ids),
    arnOf: (id) => taskArn(ctx.arn, cluster.clusterName, id),
    view: (t) => protectedTaskView(t, now),
  });
  return { protectedTasks: found, failures };
}

/**
 * Sets or clears scale-in protection on service tasks. A protected task is
 * never picked by its service's scale-in or by a deployment until the
 * protection ends (src/scheduler/reconcile). Standalone and stopping tasks
 * answer TASK_NOT_VALID, unknown ones MISSING, as ECS does.
 */
export async function updateTaskProtection(
  input: UpdateTaskProtectionRequest,
  ctx: AppContext,
): Promise<Wire<UpdateTaskProtectionResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const tasks = input.tasks ?? [];
  if (tasks.length === 0) throw invalidParameter('tasks must name at least one task.');
  if (tasks.length > MAX_UPDATE_TASKS) throw invalidParameter(`At most ${MAX_UPDATE_TASKS} tasks can be updated at once.`);
  const enable = input.protectionEnabled!;
  if (!enable && input.expiresInMinutes !== undefined) {
    throw invalidParameter('expiresInMinutes applies only when protectionEnabled is true.');
  }
  const minutes = input.expiresInMinutes ?? DEFAULT_PROTECTION_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_PROTECTION_MINUTES) {
    throw invalidParameter(`expiresInMinutes must be between 1 and ${MAX_PROTECTION_MINUTES}.`);
  }
  const now = ctx.clock.now();
  const protectedTasks: Wire<ProtectedTask>[] = [];
  const failures: Failure[] = [];
  const services = new Set<string>();
  for (const value of tasks) {
    const id = taskIdParam(value, cluster.clusterName);
    if (!id) {
      failures.push({ arn: value, reason: 'MISSING' });
      continue;
    }
    let invalid = false;
    const result = await ctx.tasks.transition(cluster.clusterName, id, (t) => {
      invalid = !t.serviceName || !isLive(t.lastStatus) || t.desiredStatus === 'STOPPED';
      if (invalid) return undefined;
      const { protectedUntil: _previous, ...rest } = t;
      return enable ? { ...rest, protectedUntil: now + minutes * 60_000 } : rest;
    });
    if (!result) failures.push({ arn: taskArn(ctx.arn, cluster.clusterName, id), reason: 'MISSING' });
    else if (invalid) {
      failures.push({
        arn: result.task.taskArn,
        reason: 'TASK_NOT_VALID',
        detail: result.task.serviceName ? 'The task is stopping or stopped.' : 'Task protection applies to tasks of a service only.',
      });
    } else {
      protectedTasks.push(protectedTaskView(result.task, now));
      services.add(result.task.serviceName!);
    }
  }
  // A protection that ends (or begins) changes what the service's next pass may stop.
  for (const service of services) await ctx.services.markDirty(cluster.clusterName, service, now);
  if (services.size) ctx.reconcile.request(cluster.clusterName);
  return { protectedTasks, failures };
}
