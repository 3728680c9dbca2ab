import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import { countBucket } from '../../domain/task.js';
import { isConditionFailure } from './errors.js';
import { keys } from './keys.js';
import { batchGetAll } from './read-all.js';
import type { TaskItem } from './task-items.js';

/**
 * Exact pending and running counts for instances as stored (storedTaskCounts): a task that
 * reported RUNNING may still be listed as pending on its instance, since the report writes the
 * task alone. The listed tasks are read (strongly consistent, so a task placed a moment ago is
 * seen) and those past PENDING move to the running count. The list is short: the instance's
 * heartbeats and the reconciler's passes strike started tasks from it, so it holds only tasks
 * placed since.
 */
export async function settleTaskCounts(
  db: DynamoDBDocumentClient,
  table: string,
  records: readonly ContainerInstanceRecord[],
): Promise<ContainerInstanceRecord[]> {
  const byCluster = new Map<string, string[]>();
  for (const r of records)
    if (r.listedTaskIds?.length) byCluster.set(r.clusterName, [...(byCluster.get(r.clusterName) ?? []), ...r.listedTaskIds]);
  const pending = new Map<string, Set<string>>();
  for (const [cluster, ids] of byCluster) pending.set(cluster, await pendingAmong(db, table, cluster, ids));
  return records.map(({ listedTaskIds: ids, ...r }) => {
    if (!ids?.length) return r;
    const started = ids.filter((id) => !pending.get(r.clusterName)!.has(id));
    const stillPending = ids.length - started.length;
    return {
      ...r,
      runningTasksCount: r.runningTasksCount + r.pendingTasksCount - stillPending,
      pendingTasksCount: stillPending,
      ...(started.length ? { startedTaskIds: started } : {}),
    };
  });
}

/** How many of the listed tasks have not started (the cluster's pending count). */
export async function stillPending(db: DynamoDBDocumentClient, table: string, cluster: string, listed: readonly string[]) {
  return (await pendingAmong(db, table, cluster, listed)).size;
}

/** The listed tasks that have not started yet; one BatchGetItem per 100, none for an empty list. */
async function pendingAmong(db: DynamoDBDocumentClient, table: string, cluster: string, listed: readonly string[]) {
  if (!listed.length) return new Set<string>();
  const items = await batchGetAll<TaskItem>(
    db,
    table,
    listed.map((id) => keys.task(cluster, id)),
  );
  return new Set(items.filter((i) => countBucket(i.task.lastStatus) === 'pending').map((i) => i.task.taskId));
}

/**
 * Strikes started (or stopped) tasks from an instance's pending list. Idempotent (a set
 * DELETE), and a task never goes back to PENDING, so it races with nothing.
 */
export async function strikeStartedTasks(
  db: DynamoDBDocumentClient,
  table: string,
  cluster: string,
  id: string,
  taskIds: readonly string[],
) {
  if (!taskIds.length) return;
  await db
    .send(
      new UpdateCommand({
        TableName: table,
        Key: keys.containerInstance(cluster, id),
        UpdateExpression: 'DELETE pendingTasks :ids',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':ids': new Set(taskIds) },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionFailure(err)) throw err;
    });
}
