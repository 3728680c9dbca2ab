import type { Tag } from '@aws-sdk/client-ecs';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { statusRank, type TaskRecord } from '../../domain/task.js';
import { stopRequest } from '../../domain/task-transitions.js';
import type { Page } from '../../ports/page.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';
import {
  CommitConflict,
  type PlanCommit,
  type PlannedStop,
  type TaskQuery,
  type TaskRepository,
  type VersionedTask,
} from '../../ports/task-repository.js';

type IndexQuery = { IndexName: TaskIndex; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> };
/**
 * The task indexes. GSI4 (an instance's live tasks, what every poll reads)
 * projects the record and its version; GSI5-6 are KEYS_ONLY: a Query there
 * yields keys, and the items are read from the table.
 */
type TaskIndex = 'GSI4' | 'GSI5' | 'GSI6';
const projectsRecord = (index: TaskIndex | undefined) => index === undefined || index === 'GSI4';
import { cancellationReasons, isConditionFailure } from './errors.js';
import { tokenCompletionUpdate } from './idempotency-store.js';
import { deltaUpdate, emptyDelta, isEmptyDelta, mergeDelta, type InstanceDelta } from './instance-delta.js';
import { keys, type Key } from './keys.js';
import { batchGetAll, queryAll } from './read-all.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { serviceWrite } from './service-items.js';
import { decodeTask, decodeTaskItem, releaseOnTransition, taskItem, type TaskItem } from './task-items.js';

/** 40 tasks (placed or stopped) + up to 40 instances + the service stay under DynamoDB's 100-item transaction limit. */
const TASKS_PER_TRANSACTION = 40;

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

export class DynamoTaskRepository implements TaskRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  async get(cluster: string, id: string) {
    return (await this.item(cluster, id))?.task;
  }

  private async item(cluster: string, id: string): Promise<VersionedTask | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.task(cluster, id), ConsistentRead: true }));
    return Item && decodeTaskItem(Item as TaskItem);
  }

  async getMany(cluster: string, ids: readonly string[]) {
    const items = await batchGetAll<TaskItem>(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => keys.task(cluster, id)),
    );
    return new Map(items.map((i) => [i.task.taskId, decodeTask(i.task)]));
  }

  async placeProvisioned(placed: readonly VersionedTask[]) {
    const cluster = placed[0]?.task.clusterName;
    if (!cluster) return;
    await this.commit({
      cluster,
      place: placed.map((p) => p.task),
      versions: new Map(placed.map((p) => [p.task.taskId, p.version])),
      now: 0,
    });
  }

  async commit(plan: PlanCommit) {
    const entries: ({ place: TaskRecord } | { stop: PlannedStop })[] = [
      ...(plan.stop ?? []).map((stop) => ({ stop })),
      ...(plan.place ?? []).map((place) => ({ place })),
    ];
    const service = plan.service;
    if (plan.token && entries.length > TASKS_PER_TRANSACTION) throw new Error('A clientToken call must commit in one transaction.');
    let version = service?.version;
    const chunks = entries.length ? Math.ceil(entries.length / TASKS_PER_TRANSACTION) : service || plan.token ? 1 : 0;
    for (let c = 0; c < chunks; c++) {
      const chunk = entries.slice(c * TASKS_PER_TRANSACTION, (c + 1) * TASKS_PER_TRANSACTION);
      const placed = chunk.flatMap((e) => ('place' in e ? [e.place] : []));
      const stops = chunk.flatMap((e) => ('stop' in e ? [e.stop] : []));
      const deltas = reservations(placed, plan);
      const instanceIds = [...deltas.keys()];
      const items: TransactItems = [
        ...[...deltas.values()].map((d) => ({ Update: deltaUpdate(this.table, d) })),
        ...placed.map((task) => {
          const v = plan.versions?.get(task.taskId);
          return {
            Put: {
              TableName: this.table,
              Item: taskItem(task, (v ?? 0) + 1),
              // A new task must not exist yet; a PROVISIONING one must be as it was read (not stopped or placed meanwhile).
              ...(v === undefined
                ? { ConditionExpression: 'attribute_not_exists(PK)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': v } }),
            },
          };
        }),
        ...stops.map((s) => ({ Update: this.stopUpdate(plan.cluster, s, plan.now) })),
      ];
      const tokenAt = plan.token && c === 0 ? items.push({ Update: tokenCompletionUpdate(this.table, plan.token) }) - 1 : -1;
      // The service (with its deployment history) goes last: its cancellation reason is read at the end.
      if (service && version !== undefined) {
        const write = serviceWrite(this.table, service.record, version);
        items.push(...write.history, write.service);
      }
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        if (version !== undefined) version += 1;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        const reasons = cancellationReasons(err);
        const failedAt = (i: number) => reasons[i] === 'ConditionalCheckFailed';
        const failed = instanceIds.filter((_, i) => failedAt(i));
        const serviceChanged = service !== undefined && failedAt(items.length - 1);
        const tokenDone = tokenAt >= 0 && failedAt(tokenAt);
        // A TransactionConflict (another transaction on the same items), or a stop that lost its task: re-plan.
        throw new CommitConflict(failed.length || serviceChanged ? failed : instanceIds, serviceChanged, tokenDone);
      }
    }
    return version;
  }

  async provisioning(cluster: string) {
    const pk = keys.provisioningTaskPartition(cluster);
    return this.queryItems({ IndexName: 'GSI4', KeyConditionExpression: 'GSI4PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }

  /** A plan's stop: the fields requestStop sets, only while the placed task still wants to run. */
  private stopUpdate(cluster: string, stop: PlannedStop, now: number) {
    const fields = Object.entries(stopRequest(stop.reason, stop.stopCode, now));
    const names: Record<string, string> = { '#t': 'task', '#ci': 'containerInstanceId', '#ds': 'desiredStatus' };
    const values: Record<string, unknown> = { ':one': 1, ':stopped': 'STOPPED', ':stoppedRank': statusRank('STOPPED') };
    fields.forEach(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
    });
    return {
      TableName: this.table,
      Key: keys.task(cluster, stop.taskId),
      UpdateExpression: `SET ${fields.map((_, i) => `#t.#f${i} = :f${i}`).join(', ')}, version = version + :one`,
      ConditionExpression: 'attribute_exists(#t.#ci) AND #t.#ds <> :stopped AND statusRank < :stoppedRank',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  transition(cluster: string, id: string, change: (current: TaskRecord) => TaskRecord | undefined, known?: VersionedTask) {
    return retryOnConflict(`task ${id}`, this.retry, async (attempt) => {
      const item = attempt === 0 && known ? known : await this.item(cluster, id);
      if (!item) return undefined;
      const proposed = change(item.task);
      if (!proposed) return { task: item.task, changed: false };
      const { next, delta } = releaseOnTransition(item.task, proposed);
      const put = {
        TableName: this.table,
        Item: taskItem(next, item.version + 1),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': item.version },
      };
      // Most transitions (a task starting, its health, its containers) change nothing on the instance: one write, not a
      // transaction, which DynamoDB bills twice.
      if (!delta || isEmptyDelta(delta)) {
        try {
          await this.db.send(new PutCommand(put));
          return { task: next, changed: true };
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
          return CONFLICT;
        }
      }
      const items: TransactItems = [{ Put: put }, { Update: deltaUpdate(this.table, delta) }];
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return { task: next, changed: true };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        // The instance item is gone (deregistered long ago): account for the task alone.
        const reasons = cancellationReasons(err);
        if (reasons[0] === 'None' && reasons[1] === 'ConditionalCheckFailed') {
          try {
            await this.db.send(new TransactWriteCommand({ TransactItems: [items[0]!] }));
            return { task: next, changed: true };
          } catch (e) {
            if (!isConditionFailure(e)) throw e;
          }
        }
        return CONFLICT;
      }
    });
  }

  async liveOnInstance(cluster: string, instanceId: string) {
    const pk = keys.instanceTaskPartition(cluster, instanceId);
    return this.queryItems({ IndexName: 'GSI4', KeyConditionExpression: 'GSI4PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }

  async ofService(cluster: string, service: string, stoppedSinceMs?: number) {
    const pk = keys.serviceTaskPartition(cluster, service);
    const livePrefix = keys.serviceLiveTaskPrefix();
    const live = this.queryTasks(
      {
        IndexName: 'GSI6',
        KeyConditionExpression: 'GSI6PK = :pk AND begins_with(GSI6SK, :live)',
        ExpressionAttributeValues: { ':pk': pk, ':live': livePrefix },
      },
      (i) => i.GSI6PK === pk && String(i.GSI6SK).startsWith(livePrefix),
    );
    const [from, to] = stoppedSinceMs === undefined ? [] : [keys.serviceStoppedTaskFrom(stoppedSinceMs), keys.serviceStoppedTaskTo()];
    const stopped =
      from === undefined || to === undefined
        ? Promise.resolve([])
        : this.queryTasks(
            {
              IndexName: 'GSI6',
              KeyConditionExpression: 'GSI6PK = :pk AND GSI6SK BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
            },
            (i) => i.GSI6PK === pk && String(i.GSI6SK) >= from && String(i.GSI6SK) <= to,
          );
    // Both queries settle before either result is used: a failure of one never leaves the other unhandled.
    const [liveTasks, stoppedTasks] = await Promise.all([live, stopped]);
    return [...liveTasks, ...stoppedTasks];
  }

  async list(q: TaskQuery): Promise<Page<TaskRecord>> {
    const wanted = (t: TaskRecord) =>
      t.desiredStatus === q.desiredStatus &&
      (!q.family || t.family === q.family) &&
      (!q.startedBy || t.startedBy === q.startedBy) &&
      (!q.instanceId || t.containerInstanceId === q.instanceId);
    // Pick the narrowest index; STOPPED-desired tasks may already be out of the live indexes.
    let base: { IndexName?: TaskIndex; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> };
    if (q.serviceName) {
      base = {
        IndexName: 'GSI6',
        KeyConditionExpression: 'GSI6PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.serviceTaskPartition(q.cluster, q.serviceName) },
      };
    } else if (q.instanceId && q.desiredStatus !== 'STOPPED') {
      base = {
        IndexName: 'GSI4',
        KeyConditionExpression: 'GSI4PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.instanceTaskPartition(q.cluster, q.instanceId) },
      };
    } else if (q.desiredStatus !== 'STOPPED') {
      base = {
        IndexName: 'GSI5',
        KeyConditionExpression: 'GSI5PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.liveTaskPartition(q.cluster) },
      };
    } else {
      base = {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.clusterPartition(q.cluster), ':prefix': keys.taskPrefix() },
      };
    }
    // Limit applies before the filter, so a page may hold fewer than `limit` items; keep reading until full or done.
    const items: TaskRecord[] = [];
    let start = decodePageToken(q.nextToken);
    do {
      const out = await this.db.send(
        new QueryCommand({ TableName: this.table, ...base, Limit: q.limit - items.length, ExclusiveStartKey: start }),
      );
      const found = projectsRecord(base.IndexName) ? ((out.Items ?? []) as TaskItem[]) : await this.follow(out.Items ?? []);
      items.push(...found.map((i) => decodeTask(i.task)).filter(wanted));
      start = out.LastEvaluatedKey;
    } while (start && items.length < q.limit);
    return { items, nextToken: encodePageToken(start) };
  }

  async setTags(cluster: string, id: string, change: (current: Tag[]) => Tag[]) {
    const result = await this.transition(cluster, id, (t) => ({ ...t, tags: change(t.tags) }));
    return result !== undefined;
  }

  private async queryTasks(params: IndexQuery, still: (item: Record<string, unknown>) => boolean) {
    return (await this.queryItems(params, still)).map((i) => i.task);
  }

  /**
   * An index Query; on a KEYS_ONLY index, then the items themselves, in index
   * order. That index lags the table: a task that has left the range since
   * (stopped, moved) is dropped by `still`, which re-checks the item's own
   * index key. (A projected entry is its item as indexed, keys and record together.)
   */
  private async queryItems(params: IndexQuery, still?: (item: Record<string, unknown>) => boolean): Promise<VersionedTask[]> {
    const entries = await queryAll(this.db, { TableName: this.table, ...params });
    const found = projectsRecord(params.IndexName) ? (entries as unknown as TaskItem[]) : await this.follow(entries);
    return found.filter((i) => !still || still(i as unknown as Record<string, unknown>)).map(decodeTaskItem);
  }

  /** The task items behind index entries (KEYS_ONLY), in the entries' order; eventually consistent, like the index. */
  private async follow(entries: readonly Record<string, unknown>[]): Promise<TaskItem[]> {
    if (!entries.length) return [];
    const got = await batchGetAll<TaskItem & Key>(
      this.db,
      this.table,
      entries.map((e) => ({ PK: String(e.PK), SK: String(e.SK) })),
      false,
    );
    const bySk = new Map(got.map((i) => [i.SK, i]));
    return entries.flatMap((e) => bySk.get(String(e.SK)) ?? []);
  }
}

/** Per instance, what a chunk's placements reserve, with what they assumed about it. */
function reservations(placed: readonly TaskRecord[], plan: PlanCommit): Map<string, InstanceDelta> {
  const deltas = new Map<string, InstanceDelta>();
  for (const t of placed) {
    if (!t.containerInstanceId || !t.reservation) continue;
    const r = t.reservation;
    const d = emptyDelta(t.clusterName, t.containerInstanceId, true);
    d.cpu = -r.cpu;
    d.memory = -r.memory;
    d.addTcp = [...r.tcpPorts];
    d.addUdp = [...r.udpPorts];
    d.tasks = 1;
    d.addPending = [t.taskId];
    d.groups = { [r.group]: 1 };
    const assume = plan.assumptions?.[t.containerInstanceId];
    if (assume) d.assume = assume;
    const key = t.containerInstanceId;
    deltas.set(key, deltas.has(key) ? mergeDelta(deltas.get(key)!, d) : d);
  }
  return deltas;
}
