import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClusterCounts } from '../../domain/cluster.js';
import { keys } from './keys.js';
import { queryAll } from './read-all.js';

/**
 * Counts of a cluster's members for DescribeClusters and DeleteCluster, from
 * two Queries of the cluster's own partition: its instances (which carry
 * their running and pending task counts, kept exact by every placement and
 * transition) and its services. Never a Scan, never a read of the tasks:
 * the cost does not grow with the number of tasks. Every task has an
 * instance (Berth places at once or reports a failure), so the instances'
 * counters cover every live task.
 */
export function clusterMemberCounter(db: DynamoDBDocumentClient, table: string) {
  const partition = (cluster: string, prefix: string, attributes: string) =>
    queryAll<Record<string, number | string>>(db, {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': prefix },
      ProjectionExpression: `#s, ${attributes}`,
      ConsistentRead: true,
    });

  return async (cluster: string): Promise<ClusterCounts> => {
    const [instances, services] = await Promise.all([
      partition(cluster, keys.containerInstancePrefix(), 'runningTasksCount, pendingTasksCount'),
      partition(cluster, keys.servicePrefix(), 'SK'),
    ]);
    const registered = instances.filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING');
    return {
      registeredContainerInstancesCount: registered.length,
      // Tasks of deregistered (INACTIVE) instances still count until the reconciler declares them lost.
      runningTasksCount: instances.reduce((n, i) => n + Number(i.runningTasksCount ?? 0), 0),
      pendingTasksCount: instances.reduce((n, i) => n + Number(i.pendingTasksCount ?? 0), 0),
      activeServicesCount: services.filter((s) => s.status === 'ACTIVE' || s.status === 'DRAINING').length,
    };
  };
}
