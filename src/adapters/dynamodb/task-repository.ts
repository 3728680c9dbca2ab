import type { Tag } from '@aws-sdk/client-ecs';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaskRecord } from '../../domain/task.js';
import type { Page } from '../../ports/page.js';
import { CommitConflict, type ServiceGuard, type TaskQuery, type TaskRepository, type VersionedTask } from '../../ports/task-repository.js';

type QueryParams = { IndexName: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> };
import { cancellationReasons, isConditionFailure } from './errors.js';
import { deltaUpdate, emptyDelta, isEmptyDelta, mergeDelta, type InstanceDelta } from './instance-delta.js';
import { keys } from './keys.js';
import { batchGetAll, queryAll } from './read-all.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { serviceUpdate } from './service-items.js';
import { releaseOnTransition, taskItem, type TaskItem } from './task-items.js';
import { backoff } from './versioned.js';

/** 40 tasks + up to 40 instances + the service stay under DynamoDB's 100-item transaction limit. */
const TASKS_PER_TRANSACTION = 40;
const MAX_ATTEMPTS = 30;

export class DynamoTaskRepository implements TaskRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(cluster: string, id: string) {
    return (await this.item(cluster, id))?.task;
  }

  private async item(cluster: string, id: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.task(cluster, id), ConsistentRead: true }));
    return Item as TaskItem | undefined;
  }

  async getMany(cluster: string, ids: readonly string[]) {
    const items = await batchGetAll<TaskItem>(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => keys.task(cluster, id)),
    );
    return new Map(items.map((i) => [i.task.taskId, i.task]));
  }

  async createPlaced(tasks: readonly TaskRecord[], service?: ServiceGuard) {
    return this.commitPlacements(
      tasks.map((task) => ({ task })),
      service,
    );
  }

  async placeProvisioned(placed: readonly VersionedTask[]) {
    await this.commitPlacements(placed);
  }

  /**
   * Tasks (new ones, or PROVISIONING ones under their version) with their
   * instances' reservations, 40 to a transaction, optionally with the service.
   */
  private async commitPlacements(tasks: readonly { task: TaskRecord; version?: number }[], service?: ServiceGuard) {
    let version = service?.version;
    const chunks = tasks.length ? Math.ceil(tasks.length / TASKS_PER_TRANSACTION) : service ? 1 : 0;
    for (let c = 0; c < chunks; c++) {
      const chunk = tasks.slice(c * TASKS_PER_TRANSACTION, (c + 1) * TASKS_PER_TRANSACTION);
      const deltas = new Map<string, InstanceDelta>();
      for (const { task: t } of chunk) {
        if (!t.containerInstanceId || !t.reservation) continue;
        const r = t.reservation;
        const d = emptyDelta(t.clusterName, t.containerInstanceId, true);
        d.cpu = -r.cpu;
        d.memory = -r.memory;
        d.addTcp = [...r.tcpPorts];
        d.addUdp = [...r.udpPorts];
        d.pending = 1;
        d.groups = { [r.group]: 1 };
        const key = t.containerInstanceId;
        deltas.set(key, deltas.has(key) ? mergeDelta(deltas.get(key)!, d) : d);
      }
      const instanceIds = [...deltas.keys()];
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        ...[...deltas.values()].map((d) => ({ Update: deltaUpdate(this.table, d) })),
        ...chunk.map(({ task, version: v }) => ({
          Put: {
            TableName: this.table,
            Item: taskItem(task, (v ?? 0) + 1),
            // A new task must not exist yet; a PROVISIONING one must be as it was read (not stopped or placed meanwhile).
            ...(v === undefined
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': v } }),
          },
        })),
      ];
      if (service && version !== undefined) {
        items.push({ Update: serviceUpdate(this.table, service.record, version) });
      }
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        if (version !== undefined) version += 1;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const reasons = cancellationReasons(err);
        const failed = instanceIds.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
        const serviceChanged = service !== undefined && reasons[items.length - 1] === 'ConditionalCheckFailed';
        // A TransactionConflict (another transaction on the same items) is a conflict too: re-plan.
        throw new CommitConflict(failed.length || serviceChanged ? failed : instanceIds, serviceChanged);
      }
    }
    return version;
  }

  async provisioning(cluster: string) {
    return this.queryItems({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.provisioningTaskPartition(cluster) },
    });
  }

  async transition(cluster: string, id: string, change: (current: TaskRecord) => TaskRecord | undefined, known?: VersionedTask) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const item = attempt === 0 && known ? known : await this.item(cluster, id);
      if (!item) return undefined;
      const proposed = change(item.task);
      if (!proposed) return { task: item.task, changed: false };
      const { next, delta } = releaseOnTransition(item.task, proposed);
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          Put: {
            TableName: this.table,
            Item: taskItem(next, item.version + 1),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': item.version },
          },
        },
      ];
      if (delta && !isEmptyDelta(delta)) items.push({ Update: deltaUpdate(this.table, delta) });
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return { task: next, changed: true };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        // The instance item is gone (deregistered long ago): account for the task alone.
        const reasons = cancellationReasons(err);
        if (reasons[0] === 'None' && reasons[1] === 'ConditionalCheckFailed') {
          try {
            await this.db.send(new TransactWriteCommand({ TransactItems: [items[0]] }));
            return { task: next, changed: true };
          } catch (e) {
            if (!isConditionFailure(e)) throw e;
          }
        }
        await backoff(attempt);
      }
    }
    throw new Error(`task ${id}: too many concurrent changes`);
  }

  async liveOnInstance(cluster: string, instanceId: string) {
    return this.queryItems({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.instanceTaskPartition(cluster, instanceId) },
    });
  }

  async ofService(cluster: string, service: string, stoppedSinceMs?: number) {
    const pk = keys.serviceTaskPartition(cluster, service);
    const live = this.queryTasks({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND begins_with(GSI3SK, :live)',
      ExpressionAttributeValues: { ':pk': pk, ':live': keys.serviceLiveTaskPrefix() },
    });
    const stopped =
      stoppedSinceMs === undefined
        ? Promise.resolve([])
        : this.queryTasks({
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': pk,
              ':from': keys.serviceStoppedTaskFrom(stoppedSinceMs),
              ':to': keys.serviceStoppedTaskTo(),
            },
          });
    // Both queries settle before either result is used: a failure of one never leaves the other unhandled.
    const [liveTasks, stoppedTasks] = await Promise.all([live, stopped]);
    return [...liveTasks, ...stoppedTasks];
  }

  async list(q: TaskQuery): Promise<Page<TaskRecord>> {
    const filters: string[] = ['#t.#ds = :ds'];
    const names: Record<string, string> = { '#t': 'task', '#ds': 'desiredStatus' };
    const values: Record<string, unknown> = { ':ds': q.desiredStatus };
    if (q.family) {
      filters.push('#t.#fam = :fam');
      names['#fam'] = 'family';
      values[':fam'] = q.family;
    }
    if (q.startedBy) {
      filters.push('#t.#sb = :sb');
      names['#sb'] = 'startedBy';
      values[':sb'] = q.startedBy;
    }
    // Pick the narrowest index; STOPPED-desired tasks may already be out of the live indexes.
    let base: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> };
    if (q.serviceName) {
      base = {
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.serviceTaskPartition(q.cluster, q.serviceName) },
      };
    } else if (q.instanceId && q.desiredStatus !== 'STOPPED') {
      base = {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.instanceTaskPartition(q.cluster, q.instanceId) },
      };
    } else if (q.desiredStatus !== 'STOPPED') {
      base = {
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.liveTaskPartition(q.cluster) },
      };
    } else {
      base = {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.clusterPartition(q.cluster), ':prefix': keys.taskPrefix() },
      };
    }
    if (q.instanceId && base.IndexName !== 'GSI1') {
      filters.push('#t.#ci = :ci');
      names['#ci'] = 'containerInstanceId';
      values[':ci'] = q.instanceId;
    }
    // Filters apply after Limit, so a page may hold fewer than `limit` items; keep reading until full or done.
    const items: TaskRecord[] = [];
    let start = decodePageToken(q.nextToken);
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          ...base,
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ...values },
          Limit: q.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((out.Items ?? []) as TaskItem[]).map((i) => i.task));
      start = out.LastEvaluatedKey;
    } while (start && items.length < q.limit);
    return { items, nextToken: encodePageToken(start) };
  }

  async setTags(cluster: string, id: string, change: (current: Tag[]) => Tag[]) {
    const result = await this.transition(cluster, id, (t) => ({ ...t, tags: change(t.tags) }));
    return result !== undefined;
  }

  private async queryTasks(params: QueryParams) {
    return (await this.queryItems(params)).map((i) => i.task);
  }

  private async queryItems(params: QueryParams): Promise<VersionedTask[]> {
    const items = await queryAll<TaskItem>(this.db, { TableName: this.table, ...params });
    return items.map((i) => ({ task: i.task, version: i.version }));
  }
}
