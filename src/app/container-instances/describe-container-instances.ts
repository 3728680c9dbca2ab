import type { DescribeContainerInstancesRequest, DescribeContainerInstancesResponse } from '@aws-sdk/client-ecs';
import { containerInstanceArn } from '../../domain/arn.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { describeMany } from '../describe-many.js';
import { instanceView } from './instance-view.js';
import { instanceIdParam } from './resolve-instance.js';

export async function describeContainerInstances(
  input: DescribeContainerInstancesRequest,
  ctx: AppContext,
): Promise<Wire<DescribeContainerInstancesResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const now = ctx.clock.now();
  const { found, failures } = await describeMany({
    values: input.containerInstances!,
    max: 100,
    what: 'container instances',
    parse: (v) => instanceIdParam(v, cluster.clusterName),
    fetch: (ids) => ctx.instances.getMany(cluster.clusterName, ids),
    arnOf: (id) => containerInstanceArn(ctx.arn, cluster.clusterName, id),
    view: (r) => instanceView(r, now, ctx.settings.agentTimeoutMs, input.include ?? []),
  });
  return { containerInstances: found, failures };
}
