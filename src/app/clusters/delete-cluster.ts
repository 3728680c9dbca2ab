import type { DeleteClusterRequest, DeleteClusterResponse } from '@aws-sdk/client-ecs';
import { clusterView, type ClusterCounts } from '../../domain/cluster.js';
import { clusterNotFound, EcsError } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { syncManagedScaling } from '../capacity-providers/managed-scaling-alarms.js';
import type { AppContext } from '../context.js';
import { clusterNameParam } from './resolve-cluster.js';

/** INACTIVE clusters stay describable this long before DynamoDB TTL removes them. */
const INACTIVE_RETENTION_SECONDS = 3600;

function refuseIfNotEmpty(counts: ClusterCounts): void {
  if (counts.activeServicesCount > 0) {
    throw new EcsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
  }
  if (counts.registeredContainerInstancesCount > 0) {
    throw new EcsError(
      'ClusterContainsContainerInstancesException',
      'The Cluster cannot be deleted while Container Instances are active or draining.',
    );
  }
  if (counts.runningTasksCount + counts.pendingTasksCount > 0) {
    throw new EcsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
  }
}

export async function deleteCluster(input: DeleteClusterRequest, ctx: AppContext): Promise<Wire<DeleteClusterResponse>> {
  const name = clusterNameParam(input.cluster);
  const expiresAt = Math.floor(ctx.clock.now() / 1000) + INACTIVE_RETENTION_SECONDS;
  const cluster = await ctx.clusters.delete(name, refuseIfNotEmpty, expiresAt);
  if (!cluster) throw clusterNotFound();
  // ECS frees a deleted cluster's capacity providers (they may then be deleted or used elsewhere).
  await ctx.capacityProviders.dissociateAll(name, cluster.capacityProviders);
  for (const p of (await ctx.capacityProviders.getMany(cluster.capacityProviders)).values()) await syncManagedScaling(ctx, p, undefined);
  return { cluster: clusterView(cluster, await ctx.clusters.counts(name), ['SETTINGS', 'TAGS']) };
}
