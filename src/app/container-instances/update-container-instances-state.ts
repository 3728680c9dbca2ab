import type { Failure, UpdateContainerInstancesStateRequest, UpdateContainerInstancesStateResponse } from '@aws-sdk/client-ecs';
import { containerInstanceArn } from '../../domain/arn.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { instanceView } from './instance-view.js';
import { markDaemonsDirty } from '../services/daemon-attention.js';
import { instanceIdParam } from './resolve-instance.js';

/** ACTIVE ⇄ DRAINING. The reconciler then moves service tasks off draining instances. */
export async function updateContainerInstancesState(
  input: UpdateContainerInstancesStateRequest,
  ctx: AppContext,
): Promise<Wire<UpdateContainerInstancesStateResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.status !== 'ACTIVE' && input.status !== 'DRAINING') {
    throw invalidParameter('Container instance status can only be updated to ACTIVE or DRAINING.');
  }
  if (input.containerInstances!.length > 10) throw invalidParameter('At most 10 container instances can be updated at once.');
  const failures: Failure[] = [];
  const updated = [];
  const now = ctx.clock.now();
  for (const value of input.containerInstances!) {
    const id = instanceIdParam(value, cluster.clusterName);
    const saved = id ? await ctx.instances.setStatus(cluster.clusterName, id, input.status) : undefined;
    if (saved) updated.push(instanceView(saved, now, ctx.settings.agentTimeoutMs));
    else failures.push({ arn: id ? containerInstanceArn(ctx.arn, cluster.clusterName, id) : value, reason: 'MISSING' });
  }
  if (updated.length) {
    if (input.status === 'ACTIVE') await markDaemonsDirty(ctx, cluster.clusterName, now);
    ctx.reconcile.request(cluster.clusterName);
  }
  return { containerInstances: updated, failures };
}
