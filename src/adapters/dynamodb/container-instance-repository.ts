import type { Attribute, Tag } from '@aws-sdk/client-ecs';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContainerInstanceRecord, ContainerInstanceStatus } from '../../domain/container-instance.js';
import type { ContainerInstanceRepository } from '../../ports/container-instance-repository.js';
import { isConditionFailure } from './errors.js';
import { stripKeys, toArray, toSet } from './item-codec.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { batchGetAll, queryAll } from './read-all.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';

/**
 * Instances are stored with their fields at the top level of the item, so
 * that reservations (src/adapters/dynamodb/reservations.ts) can be conditional,
 * commutative updates of remainingCpu / remainingMemory / usedTcpPorts.
 */
export function decodeInstance(item: Record<string, unknown>): ContainerInstanceRecord {
  const r = stripKeys<ContainerInstanceRecord & { version?: number }>(item);
  delete r.version;
  return {
    ...r,
    usedTcpPorts: toArray(item.usedTcpPorts),
    usedUdpPorts: toArray(item.usedUdpPorts),
    taskGroups: (item.taskGroups as Record<string, number>) ?? {},
  };
}

export class DynamoContainerInstanceRepository implements ContainerInstanceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  async register(record: ContainerInstanceRecord): Promise<ContainerInstanceRecord | undefined> {
    const key = keys.containerInstance(record.clusterName, record.id);
    const existing = await this.get(record.clusterName, record.id);
    // A deregistered instance stays deregistered: its tasks may still hold its bookkeeping until they are declared lost.
    if (existing?.status === 'INACTIVE') return undefined;
    if (!existing) {
      const { usedTcpPorts, usedUdpPorts, ...rest } = record;
      try {
        // Conditional: two registrations of one ARN at once must not overwrite each other (nor the key one of them got).
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...key, type: 'instance', ...rest, usedTcpPorts: toSet(usedTcpPorts), usedUdpPorts: toSet(usedUdpPorts), version: 1 },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return record;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        // Another registration created it first: this one is now a re-registration of a live instance.
        return this.register(record);
      }
    }
    try {
      // Re-registration of a live instance (agent restart): keep its tasks and
      // reservations, shift remaining resources by the change in totals.
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression:
            'SET remainingCpu = remainingCpu + :dcpu, remainingMemory = remainingMemory + :dmem, registeredCpu = :cpu, registeredMemory = :mem, ' +
            'reservedTcpPorts = :rtcp, reservedUdpPorts = :rudp, attributes = :attrs, versionInfo = :vi, lastHeartbeatAt = :hb, driver = :driver',
          ConditionExpression: 'attribute_exists(PK) AND #s <> :inactive',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':dcpu': record.registeredCpu - existing.registeredCpu,
            ':dmem': record.registeredMemory - existing.registeredMemory,
            ':cpu': record.registeredCpu,
            ':mem': record.registeredMemory,
            ':rtcp': record.reservedTcpPorts,
            ':rudp': record.reservedUdpPorts,
            ':attrs': record.attributes,
            ':vi': record.versionInfo,
            ':hb': record.lastHeartbeatAt,
            ':driver': record.driver ?? null,
            ':inactive': 'INACTIVE',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return decodeInstance(out.Attributes!);
    } catch (err) {
      // Deregistered meanwhile.
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async get(cluster: string, id: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.containerInstance(cluster, id), ConsistentRead: true }),
    );
    return Item ? decodeInstance(Item) : undefined;
  }

  async getMany(cluster: string, ids: readonly string[]) {
    const items = await batchGetAll(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => keys.containerInstance(cluster, id)),
    );
    return new Map(items.map(decodeInstance).map((r) => [r.id, r]));
  }

  async listAll(cluster: string) {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': keys.containerInstancePrefix() },
      ConsistentRead: true,
    });
    return items.map(decodeInstance);
  }

  async setStatus(cluster: string, id: string, status: Exclude<ContainerInstanceStatus, 'INACTIVE'>) {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.containerInstance(cluster, id),
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: 'attribute_exists(PK) AND #s <> :inactive',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':inactive': 'INACTIVE' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return decodeInstance(out.Attributes!);
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async deregister(cluster: string, id: string, expiresAt: number, agentKeyId?: string) {
    const update = {
      TableName: this.table,
      Key: keys.containerInstance(cluster, id),
      UpdateExpression: 'SET #s = :inactive, #ttl = :exp',
      ConditionExpression: `attribute_exists(PK) AND #s <> :inactive AND ${agentKeyId ? 'agentKeyId = :key' : 'attribute_not_exists(agentKeyId)'}`,
      ExpressionAttributeNames: { '#s': 'status', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':inactive': 'INACTIVE', ':exp': expiresAt, ...(agentKeyId ? { ':key': agentKeyId } : {}) },
    };
    try {
      if (!agentKeyId) {
        const out = await this.db.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        return decodeInstance(out.Attributes!);
      }
      // The instance's own key dies with its registration: no window in which a deregistered host can still sign.
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: update }, { Delete: { TableName: this.table, Key: keys.credential(agentKeyId) } }],
        }),
      );
      return await this.get(cluster, id);
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async heartbeat(cluster: string, id: string, now: number) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.containerInstance(cluster, id),
          UpdateExpression: 'SET lastHeartbeatAt = :now',
          ConditionExpression: 'attribute_exists(PK) AND #s <> :inactive',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':now': now, ':inactive': 'INACTIVE' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  updateAttributes(cluster: string, id: string, change: (current: Attribute[]) => Attribute[]) {
    return this.replaceList(cluster, id, 'attributes', change);
  }

  setTags(cluster: string, id: string, change: (current: Tag[]) => Tag[]) {
    return this.replaceList(cluster, id, 'tags', change);
  }

  /** Read-modify-write of one list attribute, conditional on it being unchanged since the read. */
  private replaceList<T>(cluster: string, id: string, name: 'attributes' | 'tags', change: (current: T[]) => T[]) {
    return retryOnConflict(`update of the ${name} of instance ${id}`, this.retry, async () => {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.containerInstance(cluster, id), ConsistentRead: true }),
      );
      if (!Item || Item.status === 'INACTIVE') return false;
      const current = (Item[name] as T[]) ?? [];
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.containerInstance(cluster, id),
            UpdateExpression: 'SET #l = :next',
            ConditionExpression: '#l = :current',
            ExpressionAttributeNames: { '#l': name },
            ExpressionAttributeValues: { ':next': change(current), ':current': current },
          }),
        );
        return true;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return CONFLICT;
      }
    });
  }

  async setCapacityProvider(cluster: string, id: string, capacityProviderName: string) {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.containerInstance(cluster, id),
          UpdateExpression: 'SET capacityProviderName = :cp',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':cp': capacityProviderName },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionFailure(err)) throw err;
      });
  }
}
