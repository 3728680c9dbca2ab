import type { DescribeContainerInstancesRequest, DescribeContainerInstancesResponse, Failure } from '@aws-sdk/client-ecs';
import { containerInstanceArn } from '../../domain/arn.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { instanceView } from './instance-view.js';
import { instanceIdParam } from './resolve-instance.js';

export async function describeContainerInstances(input: DescribeContainerInstancesRequest, ctx: AppContext): Promise<Wire<DescribeContainerInstancesResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.containerInstances!.length > 100) throw invalidParameter('At most 100 container instances can be described at once.');
  const failures: Failure[] = [];
  const ids: string[] = [];
  for (const value of input.containerInstances!) {
    const id = instanceIdParam(value, cluster.clusterName);
    if (id) ids.push(id);
    else failures.push({ arn: value, reason: 'MISSING' });
  }
  const found = await ctx.instances.getMany(cluster.clusterName, ids);
  const now = ctx.clock.now();
  for (const id of ids) if (!found.has(id)) failures.push({ arn: containerInstanceArn(ctx.arn, cluster.clusterName, id), reason: 'MISSING' });
  return {
    containerInstances: ids.filter((id) => found.has(id)).map((id) => instanceView(found.get(id)!, now, ctx.settings.agentTimeoutMs, input.include ?? [])),
    failures,
  };
}
