import type { DeregisterContainerInstanceRequest, DeregisterContainerInstanceResponse } from '@aws-sdk/client-ecs';
import { clientError, invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { instanceView } from './instance-view.js';
import { instanceIdParam } from './resolve-instance.js';

/** INACTIVE instances stay describable this long. */
const INACTIVE_RETENTION_SECONDS = 3600;

/**
 * Without `force`, an instance still running tasks is refused. With it, the
 * tasks are orphaned: the reconciler declares them lost and services replace them.
 */
export async function deregisterContainerInstance(
  input: DeregisterContainerInstanceRequest,
  ctx: AppContext,
): Promise<Wire<DeregisterContainerInstanceResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const id = instanceIdParam(input.containerInstance!, cluster.clusterName);
  if (!id) throw invalidParameter('The referenced container instance is not valid for this cluster.');
  const current = await ctx.instances.get(cluster.clusterName, id);
  if (!current || current.status === 'INACTIVE') throw invalidParameter('The referenced container instance is not valid for this cluster.');
  if (!input.force && current.runningTasksCount + current.pendingTasksCount > 0) {
    throw clientError('The specified container instance has tasks running on it. Stop them first, or use force to deregister anyway.');
  }
  const now = ctx.clock.now();
  const saved = await ctx.instances.deregister(
    cluster.clusterName,
    id,
    Math.floor(now / 1000) + INACTIVE_RETENTION_SECONDS,
    current.agentKeyId,
  );
  if (!saved) throw invalidParameter('The referenced container instance is not valid for this cluster.');
  ctx.reconcile.request(cluster.clusterName);
  return { containerInstance: instanceView(saved, now, ctx.settings.agentTimeoutMs) };
}
