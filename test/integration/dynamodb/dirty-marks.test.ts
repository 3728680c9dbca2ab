/**
 * A service's dirty mark is an item of its own (keys.serviceDirty), 1 WCU a
 * mark instead of an update of the whole service item. These tests pin what
 * moving it must not break: a mark written while a reconcile pass is between
 * reading the service and writing it is not undone by that write, and the
 * next pass looks at the service; every reader of services sees the mark;
 * listings never show the mark as a service.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../../src/adapters/dynamodb/capacity-meter.js';
import { DIRTY_MARK_TTL_SECONDS } from '../../../src/adapters/dynamodb/service-items.js';
import { keys, TTL_ATTRIBUTE } from '../../../src/adapters/dynamodb/keys.js';
import { agentPoll as poll } from '../../../src/app/agent-calls/agent-poll.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { UsageAccumulator } from '../../../src/app/metrics/usage-accumulator.js';
import { needsAttention } from '../../../src/app/reconcile/needs-attention.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import type { BerthConfig } from '../../../src/config.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { stagedContext, WRITES } from '../../support/staged-context.js';
import { freshTable } from '../../support/table.js';

const cluster = 'marks';
let config: BerthConfig;
let ctx: AppContext;
let db: DynamoDBDocumentClient;
let instanceArn: string;
const meter = new CapacityMeter();
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
const deps = () => ({
  definitions: (f: string, r: number) => ctx.taskDefinitions.get(f, r),
  heartbeats: new Map<string, number>(),
  started: new Map<string, Set<string>>(),
  usage: new UsageAccumulator(ctx.usage, ctx.autoscaling.metricPeriodSeconds),
});

/** The agent reports every task it is told about: RUNNING, or `status` for all of them. */
async function agentReports(status?: 'STOPPED') {
  const out = await poll({ cluster, containerInstanceArn: instanceArn }, ctx, deps());
  const reports = out.tasks.map((t) => ({
    taskArn: t.taskArn,
    status: status ?? (t.desiredStatus === 'RUNNING' ? ('RUNNING' as const) : ('STOPPED' as const)),
    containers: [],
  }));
  if (reports.length) await poll({ cluster, containerInstanceArn: instanceArn, reports }, ctx, deps());
  return reports.length;
}

const pass = (c = ctx) => {
  clock.t += 1000;
  return reconcileClusterPass(c, cluster);
};

beforeEach(async () => {
  config = await freshTable();
  ctx = buildAppContext(config, {
    clock,
    instrument: (client) => {
      db = client;
      meter.attach(client);
    },
  });
  await createCluster({ clusterName: cluster }, ctx);
  const out = await registerContainerInstance(
    {
      cluster,
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
      ],
    },
    ctx,
  );
  instanceArn = out.containerInstance!.containerInstanceArn!;
  await registerTaskDefinition({ family: 'app', containerDefinitions: [{ name: 'a', image: 'x', cpu: 64, memory: 64 }] }, ctx);
  await createService({ cluster, serviceName: 'web', taskDefinition: 'app', desiredCount: 1 }, ctx);
  // Placed, reported RUNNING, counted: a steady service that no pass needs to look at.
  expect((await pass()).placed).toBe(1);
  expect(await agentReports()).toBe(1);
  await pass();
  const { record } = (await ctx.services.get(cluster, 'web'))!;
  expect([record.runningCount, record.pendingCount]).toEqual([1, 0]);
  expect(needsAttention(record, clock.t + 1000, false)).toBe(false);
});

describe('the service dirty mark, an item of its own', () => {
  it('written after a pass read the service, survives that pass’s write and brings the next pass to replace the task', async () => {
    // Something touched the service: the next pass looks at it.
    await ctx.services.markDirty(cluster, 'web', clock.t);
    const held = stagedContext(config, { holdAt: (c) => WRITES.has(c), clock });
    const first = pass(held.ctx);
    // It read the service (RUNNING 1 of 1) and its task, planned "nothing to do", and waits to write.
    await Promise.race([
      held.reached,
      first.then(() => {
        throw new Error('the pass wrote nothing: it did not look at the marked service');
      }),
    ]);
    clock.t += 500;
    expect(await agentReports('STOPPED')).toBe(1); // the task exits: its report marks the service dirty
    held.open();
    expect((await first).placed).toBe(0);

    // The held pass wrote what it saw (1 running, steady) and its reconciledAt; the report's mark is newer.
    const { record } = (await ctx.services.get(cluster, 'web'))!;
    expect([record.runningCount, record.pendingCount, record.desiredCount]).toEqual([1, 0, 1]);
    expect(record.dirtyAt).toBeGreaterThanOrEqual(record.reconciledAt);
    expect(needsAttention(record, clock.t + 1000, false)).toBe(true);
    // So the next pass looks, finds the task gone and places its replacement (without the mark: 5 minutes later).
    expect((await pass()).placed).toBe(1);
  });

  it('is seen by every reader of services, and is never listed as a service', async () => {
    await ctx.services.markDirty(cluster, 'web', clock.t + 7);
    for (const record of [
      (await ctx.services.get(cluster, 'web'))!.record,
      (await ctx.services.getMany(cluster, ['web'])).get('web')!.record,
      (await ctx.services.listAll(cluster))[0]!.record,
    ])
      expect(record.dirtyAt).toBe(clock.t + 7);
    expect(await ctx.services.listAll(cluster)).toHaveLength(1);

    // A mark is written whether or not its service exists (one unconditional write): it is no service.
    await ctx.services.markDirty(cluster, 'gone', clock.t);
    expect(await ctx.services.get(cluster, 'gone')).toBeUndefined();
    expect((await ctx.services.getMany(cluster, ['gone', 'web'])).size).toBe(1);
    expect((await ctx.services.listAll(cluster)).map((s) => s.record.serviceName)).toEqual(['web']);
    // A name reaching the mark's key is no service either.
    expect(await ctx.services.get(cluster, 'web#DIRTY')).toBeUndefined();

    // Pages of ListServices are full although marks sort among the services.
    for (const name of ['a', 'b', 'c']) await createService({ cluster, serviceName: name, taskDefinition: 'app', desiredCount: 0 }, ctx);
    for (const name of ['a', 'b', 'c']) await ctx.services.markDirty(cluster, name, clock.t);
    const first = await ctx.services.listNames(cluster, { limit: 2 });
    expect(first.items).toEqual(['a', 'b']);
    const second = await ctx.services.listNames(cluster, { limit: 2, nextToken: first.nextToken });
    expect(second.items).toEqual(['c', 'web']);
    const rest = second.nextToken ? await ctx.services.listNames(cluster, { limit: 2, nextToken: second.nextToken }) : { items: [] };
    expect(rest.items).toEqual([]);
  });

  it('costs one write unit, and expires (TTL) a day after it was last written', async () => {
    meter.reset();
    await ctx.services.markDirty(cluster, 'web', clock.t);
    expect(meter.write).toBe(1);
    const { Item } = await db.send(new GetCommand({ TableName: config.tableName, Key: keys.serviceDirty(cluster, 'web') }));
    expect(Item?.[TTL_ATTRIBUTE]).toBe(Math.floor(clock.t / 1000) + DIRTY_MARK_TTL_SECONDS);
    expect(Object.keys(Item!).sort()).toEqual(['PK', 'SK', 'dirtyAt', TTL_ATTRIBUTE].sort());
    // The service item itself is not touched by a mark.
    const service = await db.send(new GetCommand({ TableName: config.tableName, Key: keys.service(cluster, 'web') }));
    expect(service.Item?.dirtyAt).toBeLessThan(clock.t);
  });
});
