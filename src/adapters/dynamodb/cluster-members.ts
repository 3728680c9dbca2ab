import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClusterCounts } from '../../domain/cluster.js';
import { keys } from './keys.js';

/**
 * Counts of a cluster's members for DescribeClusters and DeleteCluster:
 * Queries of the cluster's own partition (instances, services) and of its
 * live-task index — never a Scan, never the stopped-task history.
 */
export function clusterMemberCounter(db: DynamoDBDocumentClient, table: string) {
  async function count(params: { index?: string; pk: string; pkValue: string; skPrefix?: string; filter: string; values: Record<string, unknown>; names?: Record<string, string> }) {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const sk = params.index === 'GSI2' ? 'GSI2SK' : 'SK';
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: params.index,
          KeyConditionExpression: `${params.pk} = :pk${params.skPrefix ? ` AND begins_with(${sk}, :prefix)` : ''}`,
          FilterExpression: params.filter,
          ExpressionAttributeNames: params.names,
          ExpressionAttributeValues: { ':pk': params.pkValue, ...(params.skPrefix ? { ':prefix': params.skPrefix } : {}), ...params.values },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      total += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return total;
  }

  return async (cluster: string): Promise<ClusterCounts> => {
    const pk = keys.clusterPartition(cluster);
    const [registeredContainerInstancesCount, activeServicesCount, runningTasksCount, pendingTasksCount] = await Promise.all([
      count({ pk: 'PK', pkValue: pk, skPrefix: keys.containerInstancePrefix(), filter: '#s IN (:a, :d)', names: { '#s': 'status' }, values: { ':a': 'ACTIVE', ':d': 'DRAINING' } }),
      count({ pk: 'PK', pkValue: pk, skPrefix: keys.servicePrefix(), filter: '#s IN (:a, :d)', names: { '#s': 'status' }, values: { ':a': 'ACTIVE', ':d': 'DRAINING' } }),
      count({ index: 'GSI2', pk: 'GSI2PK', pkValue: keys.liveTaskPartition(cluster), filter: '#e.#s = :r', names: { '#e': 'task', '#s': 'lastStatus' }, values: { ':r': 'RUNNING' } }),
      count({ index: 'GSI2', pk: 'GSI2PK', pkValue: keys.liveTaskPartition(cluster), filter: '#e.#s IN (:p1, :p2, :p3)', names: { '#e': 'task', '#s': 'lastStatus' }, values: { ':p1': 'PROVISIONING', ':p2': 'PENDING', ':p3': 'ACTIVATING' } }),
    ]);
    return { registeredContainerInstancesCount, activeServicesCount, runningTasksCount, pendingTasksCount };
  };
}
