import type { ListTasksRequest, ListTasksResponse } from '@aws-sdk/client-ecs';
import { childIdOf } from '../../domain/arn.js';
import { invalidParameter, serviceNotFound } from '../../domain/errors.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import { instanceIdParam } from '../container-instances/resolve-instance.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';

export async function listTasks(input: ListTasksRequest, ctx: AppContext): Promise<ListTasksResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  let instanceId: string | undefined;
  if (input.containerInstance) {
    instanceId = instanceIdParam(input.containerInstance, cluster.clusterName);
    if (!instanceId) throw invalidParameter('The referenced container instance is not valid for this cluster.');
  }
  let serviceName: string | undefined;
  if (input.serviceName) {
    serviceName = childIdOf(input.serviceName, 'service')?.id;
    if (!serviceName || !(await ctx.services.get(cluster.clusterName, serviceName))) throw serviceNotFound();
  }
  if (input.launchType === 'FARGATE') return { taskArns: [] };
  const page = await ctx.tasks.list({
    cluster: cluster.clusterName,
    instanceId,
    serviceName,
    family: input.family,
    startedBy: input.startedBy,
    desiredStatus: input.desiredStatus ?? 'RUNNING',
    limit: pageLimit(input.maxResults),
    nextToken: input.nextToken,
  });
  return { taskArns: page.items.map((t) => t.taskArn), nextToken: page.nextToken };
}
