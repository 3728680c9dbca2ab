import type { DescribeTasksRequest, DescribeTasksResponse, Failure } from '@aws-sdk/client-ecs';
import { taskArn } from '../../domain/arn.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { taskIdParam } from './resolve-task.js';
import { taskView } from './task-view.js';

export async function describeTasks(input: DescribeTasksRequest, ctx: AppContext): Promise<Wire<DescribeTasksResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.tasks!.length > 100) throw invalidParameter('At most 100 tasks can be described at once.');
  const failures: Failure[] = [];
  const ids: string[] = [];
  for (const value of input.tasks!) {
    const id = taskIdParam(value, cluster.clusterName);
    if (id) ids.push(id);
    else failures.push({ arn: value, reason: 'MISSING' });
  }
  const found = await ctx.tasks.getMany(cluster.clusterName, ids);
  for (const id of ids) if (!found.has(id)) failures.push({ arn: taskArn(ctx.arn, cluster.clusterName, id), reason: 'MISSING' });
  return { tasks: ids.filter((id) => found.has(id)).map((id) => taskView(found.get(id)!, input.include ?? [])), failures };
}
