import type { StopTaskRequest, StopTaskResponse } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';
import { requestStop } from '../../domain/task-transitions.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { taskIdParam } from './resolve-task.js';
import { taskView } from './task-view.js';

export async function stopTask(input: StopTaskRequest, ctx: AppContext): Promise<Wire<StopTaskResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const id = taskIdParam(input.task!, cluster.clusterName);
  if (!id) throw invalidParameter('The referenced task was not found.');
  if (input.reason !== undefined && input.reason.length > 255) throw invalidParameter('reason must be at most 255 characters.');
  const now = ctx.clock.now();
  const result = await ctx.tasks.transition(cluster.clusterName, id, (t) =>
    requestStop(t, input.reason || 'Task stopped by user', 'UserInitiated', now),
  );
  if (!result) throw invalidParameter('The referenced task was not found.');
  if (result.changed && result.task.serviceName) {
    await ctx.services.markDirty(cluster.clusterName, result.task.serviceName, now);
    ctx.reconcile.request(cluster.clusterName);
  }
  return { task: taskView(result.task) };
}
