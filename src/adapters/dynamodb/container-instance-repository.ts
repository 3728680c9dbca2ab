import type { Attribute, Tag } from '@aws-sdk/client-ecs';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { containerInstanceArn, type ArnContext } from '../../domain/arn.js';
import type { ContainerInstanceRecord, ContainerInstanceStatus } from '../../domain/container-instance.js';
import type { ContainerInstanceRepository } from '../../ports/container-instance-repository.js';
import { conditionHeld, isConditionFailure } from './errors.js';
import {
  decodeAttributes,
  decodeInstance,
  decodeTags,
  instanceItem,
  storedAttributes,
  storedReservedTcp,
  storedReservedUdp,
  storedTags,
  storedVersionInfo,
} from './instance-items.js';
import { settleTaskCounts, strikeStartedTasks } from './instance-task-counts.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { batchGetAll, queryAll } from './read-all.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';

/**
 * Instances are stored with their reservation fields at the top level of the
 * item (instance-items.ts), so that reservations (instance-delta.ts) can be
 * conditional, commutative updates of remainingCpu / remainingMemory / usedTcpPorts.
 */
export class DynamoContainerInstanceRepository implements ContainerInstanceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly arn: ArnContext,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  async register(record: ContainerInstanceRecord): Promise<ContainerInstanceRecord | undefined> {
    const key = keys.containerInstance(record.clusterName, record.id);
    const existing = await this.get(record.clusterName, record.id);
    // A deregistered instance stays deregistered: its tasks may still hold its bookkeeping until they are declared lost.
    if (existing?.status === 'INACTIVE') return undefined;
    if (!existing) {
      try {
        // Conditional: two registrations of one ARN at once must not overwrite each other (nor the key one of them got).
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: instanceItem(record, this.arn, 1),
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
      // Stored compactly as a new registration is (instance-items.ts): what it leaves out is removed, so an item
      // written before that encoding also sheds its id, cluster name and (when derivable) ARN.
      const compact = {
        attributes: storedAttributes(record.attributes),
        versionInfo: storedVersionInfo(record.versionInfo),
        reservedTcpPorts: storedReservedTcp(record.reservedTcpPorts),
        reservedUdpPorts: storedReservedUdp(record.reservedUdpPorts),
      };
      const set = Object.entries(compact).filter(([, v]) => v !== undefined);
      const remove = [
        ...Object.entries(compact)
          .filter(([, v]) => v === undefined)
          .map(([name]) => name),
        'id',
        'clusterName',
        ...(existing.arn === containerInstanceArn(this.arn, existing.clusterName, existing.id) ? ['arn'] : []),
      ];
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression:
            'SET remainingCpu = remainingCpu + :dcpu, remainingMemory = remainingMemory + :dmem, registeredCpu = :cpu, registeredMemory = :mem, ' +
            `lastHeartbeatAt = :hb, driver = :driver${set.map(([name]) => `, ${name} = :${name}`).join('')}` +
            ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(PK) AND #s <> :inactive',
          ExpressionAttributeNames: { '#s': 'status', ...Object.fromEntries(remove.map((name, i) => [`#r${i}`, name])) },
          ExpressionAttributeValues: {
            ':dcpu': record.registeredCpu - existing.registeredCpu,
            ':dmem': record.registeredMemory - existing.registeredMemory,
            ':cpu': record.registeredCpu,
            ':mem': record.registeredMemory,
            ':hb': record.lastHeartbeatAt,
            ':driver': record.driver ?? null,
            ':inactive': 'INACTIVE',
            ...Object.fromEntries(set.map(([name, v]) => [`:${name}`, v])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return await this.one(out.Attributes!);
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
    return Item ? this.one(Item) : undefined;
  }

  /** Records with exact task counts (settleTaskCounts): every read of named instances goes through here. */
  private settle(items: readonly Record<string, unknown>[]) {
    return this.settleCounts(items.map((i) => decodeInstance(i, this.arn)));
  }

  private async one(item: Record<string, unknown>) {
    return (await this.settle([item]))[0]!;
  }

  settleCounts(records: readonly ContainerInstanceRecord[]) {
    return settleTaskCounts(this.db, this.table, records);
  }

  strikeStarted(cluster: string, id: string, taskIds: readonly string[]) {
    return strikeStartedTasks(this.db, this.table, cluster, id, taskIds);
  }

  async pruneTaskGroups(cluster: string, id: string, groups: readonly string[]) {
    if (!groups.length) return;
    const names = Object.fromEntries(groups.map((g, i) => [`#g${i}`, g]));
    // Only groups still at 0: one placed meanwhile fails the condition, the map stays as it is, and the next pass tries again.
    await conditionHeld(
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.containerInstance(cluster, id),
          UpdateExpression: `SET taskGroupsPruned = if_not_exists(taskGroupsPruned, :zero) + :one REMOVE ${groups.map((_, i) => `taskGroups.#g${i}`).join(', ')}`,
          ConditionExpression: ['attribute_exists(PK)', ...groups.map((_, i) => `taskGroups.#g${i} = :zero`)].join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
        }),
      ),
    );
  }

  async getMany(cluster: string, ids: readonly string[]) {
    const items = await batchGetAll(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => keys.containerInstance(cluster, id)),
    );
    return new Map((await this.settle(items)).map((r) => [r.id, r]));
  }

  async listAll(cluster: string) {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': keys.containerInstancePrefix() },
      ConsistentRead: true,
    });
    // Not settled: placement and capacity read the held count only, and a burst of RunTask calls would each read every
    // task placed since the last pass.
    return items.map((i) => decodeInstance(i, this.arn));
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
      return await this.one(out.Attributes!);
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
        return await this.one(out.Attributes!);
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

  async heartbeat(cluster: string, id: string, now: number, startedTaskIds: readonly string[] = []) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.containerInstance(cluster, id),
          // Striking started tasks is idempotent, and a task never goes back to PENDING: it races with nothing.
          UpdateExpression: `SET lastHeartbeatAt = :now${startedTaskIds.length ? ' DELETE pendingTasks :started' : ''}`,
          ConditionExpression: 'attribute_exists(PK) AND #s <> :inactive',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':now': now,
            ':inactive': 'INACTIVE',
            ...(startedTaskIds.length ? { ':started': new Set(startedTaskIds) } : {}),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  updateAttributes(cluster: string, id: string, change: (current: Attribute[]) => Attribute[]) {
    return this.replaceList(cluster, id, 'attributes', decodeAttributes, storedAttributes, change);
  }

  setTags(cluster: string, id: string, change: (current: Tag[]) => Tag[]) {
    return this.replaceList(cluster, id, 'tags', decodeTags, storedTags, change);
  }

  /**
   * Read-modify-write of one list attribute, conditional on its stored form
   * being unchanged since the read (left out when empty: then on its absence).
   */
  private replaceList<T>(
    cluster: string,
    id: string,
    name: 'attributes' | 'tags',
    decode: (stored: unknown) => T[],
    store: (list: T[]) => unknown,
    change: (current: T[]) => T[],
  ) {
    return retryOnConflict(`update of the ${name} of instance ${id}`, this.retry, async () => {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.containerInstance(cluster, id), ConsistentRead: true }),
      );
      if (!Item || Item.status === 'INACTIVE') return false;
      const current = Item[name];
      const next = store(change(decode(current)));
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.containerInstance(cluster, id),
            UpdateExpression: next === undefined ? 'REMOVE #l' : 'SET #l = :next',
            ConditionExpression: current === undefined ? 'attribute_exists(PK) AND attribute_not_exists(#l)' : '#l = :current',
            ExpressionAttributeNames: { '#l': name },
            ...(next !== undefined || current !== undefined
              ? {
                  ExpressionAttributeValues: {
                    ...(next !== undefined ? { ':next': next } : {}),
                    ...(current !== undefined ? { ':current': current } : {}),
                  },
                }
              : {}),
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
