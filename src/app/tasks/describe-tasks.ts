import type { DescribeTasksRequest, DescribeTasksResponse } from '@aws-sdk/client-ecs';
import { taskArn } from '../../domain/arn.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { describeMany } from '../describe-many.js';
import { taskIdParam } from './resolve-task.js';
import { taskView } from './task-view.js';

export async function describeTasks(input: DescribeTasksRequest, ctx: AppContext): Promise<Wire<DescribeTasksResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const { found, failures } = await describeMany({
    values: input.tasks!,
    max: 100,
    what: 'tasks',
    parse: (v) => taskIdParam(v, cluster.clusterName),
    fetch: (ids) => ctx.tasks.getMany(cluster.clusterName, ids),
    arnOf: (id) => taskArn(ctx.arn, cluster.clusterName, id),
    view: (t) => taskView(t, input.include ?? []),
  });
  return { tasks: found, failures };
}
