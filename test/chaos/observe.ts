/**
 * What the store holds, read between steps (nothing else runs then): every
 * instance and service of the cluster, every live task, and every task seen
 * before that left the live set (re-read by key, so a task that vanished from
 * the record is noticed). Reads only what a step can change: its cost stays
 * flat however long the run.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeInstance, storedTaskCounts } from '../../src/adapters/dynamodb/instance-items.js';
import { keys } from '../../src/adapters/dynamodb/keys.js';
import { batchGetAll, queryAll } from '../../src/adapters/dynamodb/read-all.js';
import { decodeServices } from '../../src/adapters/dynamodb/service-items.js';
import { decodeTaskItem, type TaskItem } from '../../src/adapters/dynamodb/task-items.js';
import type { ArnContext } from '../../src/domain/arn.js';
import type { IdempotencyRecord } from '../../src/ports/idempotency-store.js';
import type { ContainerInstanceRecord } from '../../src/domain/container-instance.js';
import type { ServiceRecord } from '../../src/domain/service.js';
import { countBucket, type TaskRecord } from '../../src/domain/task.js';
import { CLUSTER } from './catalog.js';

export interface Observation {
  at: number;
  instances: Map<string, ContainerInstanceRecord>;
  services: Map<string, { record: ServiceRecord; version: number }>;
  /** Live tasks, plus those live at the previous observation that left the live set since (re-read: STOPPED); by id. */
  tasks: Map<string, { task: TaskRecord; version: number }>;
  /** Ids of tasks that were live but are gone from the table. */
  vanished: string[];
  /** Every task ever seen STOPPED: none may be live again. */
  stopped: Set<string>;
}

export const emptyObservation = (): Observation => ({
  at: 0,
  instances: new Map(),
  services: new Map(),
  tasks: new Map(),
  vanished: [],
  stopped: new Set(),
});

export async function observe(
  db: DynamoDBDocumentClient,
  table: string,
  arn: ArnContext,
  at: number,
  previous: Observation,
): Promise<Observation> {
  // Instances and services sort next to each other in the cluster's partition (INSTANCE# < … < SERVICE#, tasks after):
  // one range Query reads both, and the live tasks come from their sparse index.
  const [clusterItems, liveItems] = await Promise.all([
    queryAll<Record<string, unknown>>(db, {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.clusterPartition(CLUSTER),
        ':from': keys.containerInstancePrefix(),
        ':to': `${keys.servicePrefix()}\uffff`,
      },
      ConsistentRead: true,
    }),
    // The live-task index is KEYS_ONLY: its entries, then the items.
    queryAll(db, {
      TableName: table,
      IndexName: 'GSI5',
      KeyConditionExpression: 'GSI5PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.liveTaskPartition(CLUSTER) },
    }).then((entries) =>
      batchGetAll<TaskItem>(
        db,
        table,
        entries.map((e) => ({ PK: String(e.PK), SK: String(e.SK) })),
      ),
    ),
  ]);
  const ofType = (prefix: string) => clusterItems.filter((i) => (i.SK as string).startsWith(prefix));
  const instanceItems = ofType(keys.containerInstancePrefix());
  const serviceItems = ofType(keys.servicePrefix());
  const tasks = new Map(liveItems.map(decodeTaskItem).map((v) => [v.task.taskId, v]));
  // Tasks live before and not now: their final record (kept until TTL, which DynamoDB Local never runs).
  const left = [...previous.tasks.values()].filter((v) => v.task.lastStatus !== 'STOPPED' && !tasks.has(v.task.taskId));
  const reread = await batchGetAll<TaskItem>(
    db,
    table,
    left.map((v) => keys.task(CLUSTER, v.task.taskId)),
  );
  for (const v of reread.map(decodeTaskItem)) tasks.set(v.task.taskId, v);
  const vanished = left.map((v) => v.task.taskId).filter((id) => !tasks.has(id));
  const stopped = new Set(previous.stopped);
  for (const { task } of tasks.values()) if (task.lastStatus === 'STOPPED') stopped.add(task.taskId);
  return {
    at,
    instances: new Map(instanceItems.map((i) => settled(i, arn, tasks)).map((r) => [r.id, r])),
    services: new Map(decodeServices(serviceItems).map((s) => [s.record.serviceName, s])),
    tasks,
    vanished,
    stopped,
  };
}

/** Token records, read for the tokens a step used. */
export async function readTokens(db: DynamoDBDocumentClient, table: string, scope: string, tokens: Iterable<string>) {
  const list = [...tokens];
  const items = await batchGetAll<Record<string, unknown>>(
    db,
    table,
    list.map((t) => keys.idempotency(scope, t)),
  );
  const out = new Map<string, IdempotencyRecord>();
  for (const item of items) {
    const token = (item.PK as string).split('#').slice(2).join('#');
    out.set(token, {
      fingerprint: item.fingerprint as string,
      result: (item.result as string[]) ?? [],
      failures: [],
      done: item.done === true,
    });
  }
  return out;
}

/**
 * The instance as the repository reads it (settleTaskCounts), its listed tasks looked up in this
 * snapshot: listed tasks past PENDING count as running. The capacity invariant then compares
 * the counts with the tasks, so a task not started but missing from the list shows as a miscount.
 */
function settled(item: Record<string, unknown>, arn: ArnContext, tasks: Observation['tasks']): ContainerInstanceRecord {
  const record = decodeInstance(item, arn);
  const { held, listedPending } = storedTaskCounts(item);
  const pending = listedPending.filter((id) => {
    const t = tasks.get(id)?.task;
    return t !== undefined && countBucket(t.lastStatus) === 'pending';
  }).length;
  return { ...record, runningTasksCount: held - pending, pendingTasksCount: pending };
}
