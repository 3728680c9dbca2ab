import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client.js';
import { keys } from '../../../src/adapters/dynamodb/keys.js';
import { agentPoll, writeHeartbeat } from '../../../src/app/agent-calls/agent-poll.js';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { describeClusters } from '../../../src/app/clusters/describe-clusters.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { runTask } from '../../../src/app/tasks/run-task.js';
import { stopTask } from '../../../src/app/tasks/stop-task.js';
import type { BerthConfig } from '../../../src/config.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { agentPollDeps, playAgentPoll } from '../../support/agent-poll.js';
import { registerInstances } from '../../support/instances.js';
import { freshTable } from '../../support/table.js';

const cluster = 'counts';
let config: BerthConfig;
let ctx: AppContext;
let raw: DynamoDBDocumentClient;
let instanceArn: string;
let instanceId: string;
/** Every DynamoDB command the instrumented context sends: its name and the key(s) it writes. */
const sent: { command: string; writes: string[] }[] = [];

const writtenKeys = (input: Record<string, unknown>): string[] => {
  const sk = (k: unknown) => String((k as { SK?: unknown } | undefined)?.SK ?? '');
  if (Array.isArray(input.TransactItems))
    return (input.TransactItems as Record<string, { Key?: unknown; Item?: unknown }>[]).map((t) => {
      const op = Object.values(t)[0]!;
      return sk(op.Key ?? op.Item);
    });
  return input.Item || input.Key ? [sk(input.Item ?? input.Key)] : [];
};

const storedInstance = async () =>
  (await raw.send(new GetCommand({ TableName: config.tableName, Key: keys.containerInstance(cluster, instanceId), ConsistentRead: true })))
    .Item!;
const clusterCounts = async () => {
  const c = (await describeClusters({ clusters: [cluster] }, ctx)).clusters![0]!;
  return { running: c.runningTasksCount, pending: c.pendingTasksCount };
};
const instanceCounts = async () => {
  const i = (await ctx.instances.get(cluster, instanceId))!;
  return { running: i.runningTasksCount, pending: i.pendingTasksCount };
};

beforeAll(async () => {
  config = await freshTable();
  raw = createDocumentClient(config);
  ctx = buildAppContext(config, {
    instrument: (db) =>
      db.middlewareStack.add(
        (next, context) => async (args) => {
          const command = String(context.commandName);
          const reads = /^(Get|BatchGet|Query|TransactGet)/.test(command);
          sent.push({ command, writes: reads ? [] : writtenKeys(args.input as Record<string, unknown>) });
          return next(args);
        },
        { step: 'initialize', name: 'record-commands' },
      ),
  });
  await createCluster({ clusterName: cluster }, ctx);
  [instanceArn] = (await registerInstances(ctx, cluster, 1, { cpu: 1024, memory: 1024 })) as [string];
  instanceId = instanceArn.split('/').pop()!;
  await registerTaskDefinition({ family: 'c', containerDefinitions: [{ name: 'a', image: 'x', cpu: 100, memory: 100 }] }, ctx);
});

describe("an instance's task counts", () => {
  it('a RUNNING report writes the task item alone, and every read counts the task as running at once', async () => {
    // Eight: as many as the pass waits for before it strikes (heartbeats strike shorter lists).
    const run = await runTask({ cluster, taskDefinition: 'c', count: 8 }, ctx);
    const ids = run.tasks!.map((t) => t.taskArn!.split('/').pop()!);
    expect(await instanceCounts()).toEqual({ running: 0, pending: 8 });
    expect(await clusterCounts()).toEqual({ running: 0, pending: 8 });
    const placed = await storedInstance();
    expect(placed.tasksCount).toBe(8);
    expect(placed.pendingTasks).toEqual(new Set(ids));

    const deps = agentPollDeps(ctx);
    const told = await agentPoll({ cluster, containerInstanceArn: instanceArn }, ctx, deps);
    sent.length = 0;
    await agentPoll(
      {
        cluster,
        containerInstanceArn: instanceArn,
        reports: told.tasks.map((t) => ({ taskArn: t.taskArn, status: 'RUNNING' as const, containers: [] })),
      },
      ctx,
      deps,
    );
    const writes = sent.filter((s) => s.writes.length);
    expect(writes.map((w) => w.command)).toEqual(Array(8).fill('PutItemCommand'));
    expect(writes.flatMap((w) => w.writes).sort()).toEqual(ids.map((id) => keys.task(cluster, id).SK).sort());

    // Nothing was written on the instance: it still lists them all, and reads look them up.
    expect((await storedInstance()).pendingTasks).toEqual(new Set(ids));
    expect(await instanceCounts()).toEqual({ running: 8, pending: 0 });
    expect(await clusterCounts()).toEqual({ running: 8, pending: 0 });
    expect((await ctx.instances.get(cluster, instanceId))!.startedTaskIds?.sort()).toEqual([...ids].sort());

    // The next pass strikes them from the list; the counts stay.
    await reconcileClusterPass(ctx, cluster);
    const struck = await storedInstance();
    expect(struck.pendingTasks).toBeUndefined();
    expect(struck.tasksCount).toBe(8);
    expect((await ctx.instances.get(cluster, instanceId))!.startedTaskIds).toBeUndefined();
    expect(await instanceCounts()).toEqual({ running: 8, pending: 0 });
  });

  it('a task that stops leaves the count, in the transaction that releases its resources', async () => {
    const [first] = (await ctx.tasks.liveOnInstance(cluster, instanceId)).map((v) => v.task);
    await stopTask({ cluster, task: first!.taskArn }, ctx);
    await playAgentPoll(ctx, cluster, instanceArn);
    expect(await instanceCounts()).toEqual({ running: 7, pending: 0 });
    expect(await clusterCounts()).toEqual({ running: 7, pending: 0 });
    expect((await storedInstance()).tasksCount).toBe(7);

    // A task that stops before it starts leaves the list too.
    const run = await runTask({ cluster, taskDefinition: 'c' }, ctx);
    await stopTask({ cluster, task: run.tasks![0]!.taskArn! }, ctx);
    await playAgentPoll(ctx, cluster, instanceArn);
    expect((await ctx.tasks.get(cluster, run.tasks![0]!.taskArn!.split('/').pop()!))!.lastStatus).toBe('STOPPED');
    const stored = await storedInstance();
    expect(stored.tasksCount).toBe(7);
    expect(stored.pendingTasks).toBeUndefined();
    expect(await instanceCounts()).toEqual({ running: 7, pending: 0 });
  });

  it('placing reads no listed task: a burst of RunTask calls costs no more for the tasks placed before it', async () => {
    const first = await runTask({ cluster, taskDefinition: 'c' }, ctx);
    await playAgentPoll(ctx, cluster, instanceArn);
    expect((await storedInstance()).pendingTasks).toEqual(new Set([first.tasks![0]!.taskArn!.split('/').pop()!]));
    sent.length = 0;
    await runTask({ cluster, taskDefinition: 'c' }, ctx);
    expect(sent.filter((s) => s.command === 'BatchGetItemCommand')).toEqual([]);
    // A list this short is left to the heartbeats: the pass does not touch it, and reads settle it.
    await reconcileClusterPass(ctx, cluster);
    expect((await storedInstance()).pendingTasks?.size).toBe(2);
    expect(await instanceCounts()).toEqual({ running: 8, pending: 1 });
  });

  it("the instance's next heartbeat strikes the tasks its polls saw start, in the heartbeat's own write", async () => {
    await reconcileClusterPass(ctx, cluster);
    const deps = agentPollDeps(ctx);
    const run = await runTask({ cluster, taskDefinition: 'c' }, ctx);
    const id = run.tasks![0]!.taskArn!.split('/').pop()!;
    await playAgentPoll(ctx, cluster, instanceArn, deps);
    expect((await storedInstance()).pendingTasks).toContain(id);
    expect(deps.started.get(`${cluster}/${instanceId}`)).toContain(id);

    sent.length = 0;
    expect(await writeHeartbeat(ctx, deps, cluster, instanceId, Date.now())).toBe(true);
    expect(sent.filter((s) => s.writes.length)).toEqual([
      { command: 'UpdateItemCommand', writes: [keys.containerInstance(cluster, instanceId).SK] },
    ]);
    // The poll also started the task the last test left pending: the heartbeat struck both. The one the last test's
    // poll saw start was remembered by another process (its deps), so it is still listed.
    expect((await storedInstance()).pendingTasks?.size).toBe(1);
    expect(deps.started.size).toBe(0);
    expect(await instanceCounts()).toEqual({ running: 10, pending: 0 });
  });
});
