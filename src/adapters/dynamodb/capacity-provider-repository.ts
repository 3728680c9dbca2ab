import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CapacityProviderRecord, StrategyItem } from '../../domain/capacity-provider.js';
import type { ClusterRecord } from '../../domain/cluster.js';
import {
  CapacityProviderExists,
  type AssociationResult,
  type CapacityProviderRepository,
} from '../../ports/capacity-provider-repository.js';
import type { PageRequest } from '../../ports/page.js';
import { cancellationReasons, isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { batchGetAll } from './read-all.js';
import { conflictRetry, type ConflictRetry } from '../../ports/retry-on-conflict.js';
import { modifyItem } from './versioned.js';

interface ProviderItem extends Record<string, unknown> {
  provider: CapacityProviderRecord;
  version: number;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * Capacity providers, and their association with a cluster: the provider
 * item records its cluster, the cluster item its providers, and both change
 * in one transaction so a provider is never associated with two clusters.
 * The Auto Scaling group claim keeps one provider per group.
 */
export class DynamoCapacityProviderRepository implements CapacityProviderRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  async create(record: CapacityProviderRecord): Promise<void> {
    const items: TransactItems = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.capacityProvider(record.name),
            ...keys.capacityProviderList(record.name),
            type: 'capacityProvider',
            provider: record,
            version: 1,
          },
          // A deleted (INACTIVE) provider's name may be reused, as in ECS.
          ConditionExpression: 'attribute_not_exists(PK) OR #p.#s = :inactive',
          ExpressionAttributeNames: { '#p': 'provider', '#s': 'status' },
          ExpressionAttributeValues: { ':inactive': 'INACTIVE' },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.scalingGroupClaim(record.autoScalingGroupName), type: 'scalingGroupClaim', provider: record.name },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const [name, group] = cancellationReasons(err);
      if (name === 'ConditionalCheckFailed') throw new CapacityProviderExists('name');
      if (group === 'ConditionalCheckFailed') {
        const { Item } = await this.db.send(
          new GetCommand({ TableName: this.table, Key: keys.scalingGroupClaim(record.autoScalingGroupName), ConsistentRead: true }),
        );
        throw new CapacityProviderExists('group', Item?.provider as string | undefined);
      }
      throw err;
    }
  }

  async get(name: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.capacityProvider(name), ConsistentRead: true }));
    return (Item as ProviderItem | undefined)?.provider;
  }

  async getMany(names: readonly string[]) {
    const items = await batchGetAll<ProviderItem>(this.db, this.table, [...new Set(names)].map(keys.capacityProvider));
    return new Map(items.map((i) => [i.provider.name, i.provider]));
  }

  async list(page: PageRequest) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.capacityProviderListPartition() },
        Limit: page.limit,
        ExclusiveStartKey: decodePageToken(page.nextToken),
      }),
    );
    return { items: ((out.Items ?? []) as ProviderItem[]).map((i) => i.provider), nextToken: encodePageToken(out.LastEvaluatedKey) };
  }

  async update(name: string, change: (current: CapacityProviderRecord) => CapacityProviderRecord | undefined) {
    const item = await modifyItem<ProviderItem>(
      this.db,
      this.table,
      keys.capacityProvider(name),
      (current) => {
        if (current.provider.status !== 'ACTIVE') return undefined;
        const next = change(current.provider);
        return next && { ...current, provider: next };
      },
      this.retry,
    );
    return item?.provider;
  }

  async delete(name: string, expiresAt: number) {
    const current = await this.get(name);
    if (!current || current.status !== 'ACTIVE') return {};
    if (current.cluster) return { associatedWith: current.cluster };
    const deleted: CapacityProviderRecord = {
      ...current,
      status: 'INACTIVE',
      updateStatus: 'DELETE_COMPLETE',
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.capacityProvider(name),
                // INACTIVE providers stay describable for a while, then TTL removes them; out of the list at once.
                UpdateExpression: 'SET #p = :deleted, #ttl = :exp, version = version + :one REMOVE GSI1PK, GSI1SK',
                ConditionExpression: '#p.#s = :active AND attribute_not_exists(#p.#c)',
                ExpressionAttributeNames: { '#p': 'provider', '#s': 'status', '#c': 'cluster', '#ttl': TTL_ATTRIBUTE },
                ExpressionAttributeValues: { ':deleted': deleted, ':exp': expiresAt, ':one': 1, ':active': 'ACTIVE' },
              },
            },
            { Delete: { TableName: this.table, Key: keys.scalingGroupClaim(current.autoScalingGroupName) } },
          ],
        }),
      );
      return { deleted };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // Associated or deleted meanwhile: say which.
      const now = await this.get(name);
      return now?.status === 'ACTIVE' && now.cluster ? { associatedWith: now.cluster } : {};
    }
  }

  async associate(
    cluster: string,
    providers: readonly string[],
    strategy: readonly StrategyItem[],
    expected: readonly string[],
  ): Promise<AssociationResult> {
    // The cluster item is the cluster repository's; here only its provider fields change, under its version.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.cluster(cluster), ConsistentRead: true }));
    const current = Item as { cluster: ClusterRecord; version: number } | undefined;
    if (!current || current.cluster.status !== 'ACTIVE' || !sameSet(current.cluster.capacityProviders, expected)) {
      return { ok: false, reason: 'cluster-changed' };
    }
    const added = providers.filter((p) => !expected.includes(p));
    const removed = expected.filter((p) => !providers.includes(p));
    const items: TransactItems = [
      {
        Update: {
          TableName: this.table,
          Key: keys.cluster(cluster),
          UpdateExpression: 'SET #c.#cps = :cps, #c.#dcs = :dcs, version = version + :one',
          ConditionExpression: 'version = :v AND #c.#s = :active',
          ExpressionAttributeNames: {
            '#c': 'cluster',
            '#cps': 'capacityProviders',
            '#dcs': 'defaultCapacityProviderStrategy',
            '#s': 'status',
          },
          ExpressionAttributeValues: {
            ':cps': [...providers],
            ':dcs': [...strategy],
            ':one': 1,
            ':v': current.version,
            ':active': 'ACTIVE',
          },
        },
      },
      ...added.map((name) => ({
        Update: {
          TableName: this.table,
          Key: keys.capacityProvider(name),
          UpdateExpression: 'SET #p.#c = :cluster, version = version + :one',
          ConditionExpression: '#p.#s = :active AND (attribute_not_exists(#p.#c) OR #p.#c = :cluster)',
          ExpressionAttributeNames: { '#p': 'provider', '#c': 'cluster', '#s': 'status' },
          ExpressionAttributeValues: { ':cluster': cluster, ':one': 1, ':active': 'ACTIVE' },
        },
      })),
      ...removed.map((name) => this.release(name, cluster)),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const reasons = cancellationReasons(err);
      const i = reasons.findIndex((r, index) => index > 0 && index <= added.length && r === 'ConditionalCheckFailed');
      if (i > 0) return { ok: false, reason: 'provider-unavailable', provider: added[i - 1]! };
      return { ok: false, reason: 'cluster-changed' };
    }
  }

  async hasLiveTasks(cluster: string, provider: string): Promise<boolean> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          FilterExpression: '#t.#cp = :cp',
          ExpressionAttributeNames: { '#t': 'task', '#cp': 'capacityProviderName' },
          ExpressionAttributeValues: { ':pk': keys.liveTaskPartition(cluster), ':cp': provider },
          ProjectionExpression: 'PK',
          ExclusiveStartKey: start,
        }),
      );
      if (page.Items?.length) return true;
      start = page.LastEvaluatedKey;
    } while (start);
    return false;
  }

  async dissociateAll(cluster: string, providers: readonly string[]): Promise<void> {
    for (const name of providers) {
      await this.db.send(new TransactWriteCommand({ TransactItems: [this.release(name, cluster)] })).catch((err: unknown) => {
        if (!isConditionFailure(err)) throw err; // already released
      });
    }
  }

  private release(name: string, cluster: string) {
    return {
      Update: {
        TableName: this.table,
        Key: keys.capacityProvider(name),
        UpdateExpression: 'REMOVE #p.#c SET version = version + :one',
        ConditionExpression: '#p.#c = :cluster',
        ExpressionAttributeNames: { '#p': 'provider', '#c': 'cluster' },
        ExpressionAttributeValues: { ':cluster': cluster, ':one': 1 },
      },
    };
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
