import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClusterCounts } from '../../domain/cluster.js';
import { storedTaskCounts } from './instance-items.js';
import { stillPending } from './instance-task-counts.js';
import { keys } from './keys.js';
import { queryAll } from './read-all.js';

/**
 * Counts of a cluster's members for DescribeClusters and DeleteCluster, from
 * two Queries of the cluster's own partition: its instances (which carry
 * the count of tasks they hold, kept exact by every placement and stop, and
 * the list of those not started yet) and its services, plus a read of the
 * few listed tasks (instance-task-counts.ts). Never a Scan, never a read of
 * every task: the cost does not grow with the number of running tasks.
 * Every task has an instance (Berth places at once or reports a failure),
 * so the instances' counts cover every live task.
 */
export function clusterMemberCounter(db: DynamoDBDocumentClient, table: string) {
  const partition = (cluster: string, prefix: string, attributes: string) =>
    queryAll<Record<string, unknown>>(db, {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': prefix },
      ProjectionExpression: `#s, ${attributes}`,
      ConsistentRead: true,
    });

  return async (cluster: string): Promise<ClusterCounts> => {
    const [instances, services] = await Promise.all([
      partition(cluster, keys.containerInstancePrefix(), 'tasksCount, pendingTasks, runningTasksCount, pendingTasksCount'),
      partition(cluster, keys.servicePrefix(), 'SK'),
    ]);
    const registered = instances.filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING');
    // Tasks of deregistered (INACTIVE) instances still count until the reconciler declares them lost.
    const stored = instances.map((i) => storedTaskCounts(i));
    const held = stored.reduce((n, c) => n + c.held, 0);
    const pending = await stillPending(
      db,
      table,
      cluster,
      stored.flatMap((c) => c.listedPending),
    );
    return {
      registeredContainerInstancesCount: registered.length,
      runningTasksCount: held - pending,
      pendingTasksCount: pending,
      activeServicesCount: services.filter((s) => s.status === 'ACTIVE' || s.status === 'DRAINING').length,
    };
  };
}
