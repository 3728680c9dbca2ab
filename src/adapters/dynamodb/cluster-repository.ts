import type { Tag } from '@aws-sdk/client-ecs';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClusterCounts, ClusterRecord } from '../../domain/cluster.js';
import type { ClusterRepository } from '../../ports/cluster-repository.js';
import type { Page, PageRequest } from '../../ports/page.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { batchGetAll } from './read-all.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { modifyItem } from './versioned.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';

interface ClusterItem extends Record<string, unknown> {
  cluster: ClusterRecord;
  version: number;
}

export class DynamoClusterRepository implements ClusterRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Member counts live with the members (instances, services, tasks); see their repositories. */
    private readonly countMembers: (cluster: string) => Promise<ClusterCounts>,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  async get(name: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.cluster(name), ConsistentRead: true }));
    return (Item as ClusterItem | undefined)?.cluster;
  }

  async getMany(names: readonly string[]) {
    const items = await batchGetAll<ClusterItem>(this.db, this.table, [...new Set(names)].map(keys.cluster));
    return new Map(items.map((i) => [i.cluster.clusterName, i.cluster]));
  }

  create(record: ClusterRecord): Promise<ClusterRecord> {
    const item = {
      ...keys.cluster(record.clusterName),
      ...keys.clusterList(record.clusterName),
      type: 'cluster',
      cluster: record,
      version: 1,
    };
    // A name whose cluster was deleted (INACTIVE) may be reused, as in ECS; a live one is returned as it is.
    return retryOnConflict(`CreateCluster ${record.clusterName}`, this.retry, async () => {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(PK) OR #c.#s = :inactive',
            ExpressionAttributeNames: { '#c': 'cluster', '#s': 'status' },
            ExpressionAttributeValues: { ':inactive': 'INACTIVE' },
          }),
        );
        return record;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const existing = await this.get(record.clusterName);
        return existing && existing.status !== 'INACTIVE' ? existing : CONFLICT;
      }
    });
  }

  async update(name: string, change: (current: ClusterRecord) => Partial<ClusterRecord>) {
    const item = await modifyItem<ClusterItem>(
      this.db,
      this.table,
      keys.cluster(name),
      (current) =>
        current.cluster.status === 'ACTIVE' ? { ...current, cluster: { ...current.cluster, ...change(current.cluster) } } : undefined,
      this.retry,
    );
    return item?.cluster;
  }

  async listNames(page: PageRequest): Promise<Page<string>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.clusterListPartition() },
        ProjectionExpression: 'GSI1SK',
        Limit: page.limit,
        ExclusiveStartKey: decodePageToken(page.nextToken),
      }),
    );
    return { items: (out.Items ?? []).map((i) => i.GSI1SK as string), nextToken: encodePageToken(out.LastEvaluatedKey) };
  }

  counts(name: string) {
    return this.countMembers(name);
  }

  async delete(name: string, check: (counts: ClusterCounts) => void, expiresAt: number) {
    const setStatus = (from: string, to: string) =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.cluster(name),
          UpdateExpression: 'SET #c.#s = :to, version = version + :one',
          ConditionExpression: '#c.#s = :from',
          ExpressionAttributeNames: { '#c': 'cluster', '#s': 'status' },
          ExpressionAttributeValues: { ':to': to, ':from': from, ':one': 1 },
        }),
      );
    try {
      await setStatus('ACTIVE', 'DEPROVISIONING');
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
    try {
      check(await this.countMembers(name));
    } catch (err) {
      await setStatus('DEPROVISIONING', 'ACTIVE');
      throw err;
    }
    // INACTIVE clusters stay describable for a while, then TTL removes them; out of the list at once.
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.cluster(name),
        UpdateExpression: `SET #c.#s = :inactive, #ttl = :exp, version = version + :one REMOVE GSI1PK, GSI1SK`,
        ExpressionAttributeNames: { '#c': 'cluster', '#s': 'status', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':inactive': 'INACTIVE', ':exp': expiresAt, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (out.Attributes as ClusterItem).cluster;
  }

  async setTags(name: string, change: (current: Tag[]) => Tag[]) {
    const item = await modifyItem<ClusterItem>(
      this.db,
      this.table,
      keys.cluster(name),
      (current) =>
        current.cluster.status === 'INACTIVE'
          ? undefined
          : { ...current, cluster: { ...current.cluster, tags: change(current.cluster.tags) } },
      this.retry,
    );
    return item !== undefined;
  }
}
