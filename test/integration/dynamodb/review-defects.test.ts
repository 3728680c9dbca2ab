/**
 * The four defects of issue 8, each pinned by the interleaving or crash that
 * exposed it: a clientToken retried during or after a crashed first call,
 * two reconcile passes scaling in at once, a health check failing inside its
 * grace period, and placement rules checked only on a snapshot.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { agentPoll as poll } from '../../../src/app/agent-calls/agent-poll.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { runTask } from '../../../src/app/tasks/run-task.js';
import { stopTask } from '../../../src/app/tasks/stop-task.js';
import type { BerthConfig } from '../../../src/config.js';
import type { TaskRecord } from '../../../src/domain/task.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { stagedContext, survive, WRITES } from '../../support/staged-context.js';
import { freshTable } from '../../support/table.js';
import { UsageAccumulator } from '../../../src/app/metrics/usage-accumulator.js';

const cluster = 'review';
let config: BerthConfig;
let ctx: AppContext;
let instanceArns: string[];
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
const deps = (c: AppContext) => ({
  definitions: (f: string, r: number) => c.taskDefinitions.get(f, r),
  heartbeats: new Map<string, number>(),
  usage: new UsageAccumulator(ctx.usage, ctx.autoscaling.metricPeriodSeconds),
});

async function setUp(instances: number) {
  config = await freshTable();
  ctx = buildAppContext(config, { clock });
  // Deterministic ids (so which tasks a seed picks is the same on every run); each test file has its own table.
  let n = 0;
  ctx.ids = { uuid: () => `${(++n).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`, seed: () => n };
  await createCluster({ clusterName: cluster }, ctx);
  instanceArns = [];
  for (let i = 0; i < instances; i++) {
    const out = await registerContainerInstance(
      {
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
        ],
        attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` }],
      },
      ctx,
    );
    instanceArns.push(out.containerInstance!.containerInstanceArn!);
  }
  await registerTaskDefinition({ family: 'app', containerDefinitions: [{ name: 'a', image: 'x', cpu: 64, memory: 64 }] }, ctx);
}

/** What the agents would do: report RUNNING what should run, STOPPED what should stop. */
async function agentsConverge(health?: 'HEALTHY' | 'UNHEALTHY') {
  for (const arn of instanceArns) {
    const out = await poll({ cluster, containerInstanceArn: arn }, ctx, deps(ctx));
    const reports = out.tasks.map((t) => ({
      taskArn: t.taskArn,
      status: t.desiredStatus === 'RUNNING' ? ('RUNNING' as const) : ('STOPPED' as const),
      ...(health && t.desiredStatus === 'RUNNING' ? { health } : {}),
      containers: [],
    }));
    if (reports.length) await poll({ cluster, containerInstanceArn: arn, reports }, ctx, deps(ctx));
  }
}

async function liveTasks(): Promise<TaskRecord[]> {
  const ids = instanceArns.map((a) => a.split('/').pop()!);
  return (await Promise.all(ids.map((id) => ctx.tasks.liveOnInstance(cluster, id)))).flat().map((v) => v.task);
}

const isTransaction = (command: string) => command === 'TransactWriteItemsCommand';

describe('1. a clientToken always answers the same tasks', () => {
  beforeEach(() => setUp(2));
  const request = (clientToken: string) => ({ cluster, taskDefinition: 'app', count: 2, clientToken });

  it('when retried while the first call is still placing', async () => {
    const first = stagedContext(config, { holdAt: isTransaction, clock });
    const firstCall = runTask(request('during'), first.ctx);
    await first.reached; // the first call claimed the token and decided, and waits to commit
    const retry = await runTask(request('during'), ctx);
    first.open();
    const original = await firstCall;
    expect(retry.tasks).toHaveLength(2);
    expect(original.tasks!.map((t) => t.taskArn)).toEqual(retry.tasks!.map((t) => t.taskArn));
    expect((await liveTasks()).filter((t) => t.clientToken === 'during')).toHaveLength(2);
  });

  it('when retried after the first call died between placing its tasks and answering', async () => {
    const first = stagedContext(config, { crashAfter: isTransaction, clock });
    await runTask(request('after'), first.ctx).then(() => expect.fail('the first call should have crashed'), survive);
    const launched = (await liveTasks()).filter((t) => t.clientToken === 'after');
    expect(launched).toHaveLength(2);
    const retry = await runTask(request('after'), ctx);
    expect(retry.tasks!.map((t) => t.taskArn).sort()).toEqual(launched.map((t) => t.taskArn).sort());
    const again = await runTask(request('after'), ctx);
    expect(again.tasks!.map((t) => t.taskArn)).toEqual(retry.tasks!.map((t) => t.taskArn));
  });

  it('when retried after the first call died right after claiming the token', async () => {
    const first = stagedContext(config, { crashAfter: (c) => c === 'PutItemCommand', clock });
    await runTask(request('claimed'), first.ctx).then(() => expect.fail('the first call should have crashed'), survive);
    const retry = await runTask(request('claimed'), ctx);
    expect(retry.tasks).toHaveLength(2);
    expect((await liveTasks()).filter((t) => t.clientToken === 'claimed')).toHaveLength(2);
  });

  it('CreateService retried after the first call died right after claiming the token creates the service', async () => {
    const input = { cluster, serviceName: 'tokened', taskDefinition: 'app', desiredCount: 1, clientToken: 'svc-token' };
    const first = stagedContext(config, { crashAfter: (c) => c === 'PutItemCommand', clock });
    await createService(input, first.ctx).then(() => expect.fail('the first call should have crashed'), survive);
    const retry = await createService(input, ctx);
    expect(retry.service.serviceName).toBe('tokened');
    expect((await createService(input, ctx)).service.serviceArn).toBe(retry.service.serviceArn);
  });
});

describe('2. overlapping reconcile passes never stop more than one plan allows', () => {
  beforeEach(() => setUp(3));

  /** Two passes (different seeds: different victims) that both read and plan before either writes. */
  async function overlappingPasses(seedA: number, seedB: number) {
    const a = stagedContext(config, { holdAt: isTransaction, seed: seedA, clock });
    const b = stagedContext(config, { holdAt: isTransaction, seed: seedB, clock });
    const passes = [reconcileClusterPass(a.ctx, cluster), reconcileClusterPass(b.ctx, cluster)];
    await Promise.all([a.reached, b.reached]);
    a.open();
    b.open();
    await Promise.all(passes);
  }

  it('scaling 6 → 3 with two passes that both read before either writes stops exactly 3', async () => {
    await createService({ cluster, serviceName: 'scale', taskDefinition: 'app', desiredCount: 6 }, ctx);
    for (let round = 0; round < 3; round++) {
      await reconcileClusterPass(ctx, cluster);
      await agentsConverge();
    }
    // Several seed pairs: scale-in victims depend on the seed, so most pairs disagree on whom to stop.
    for (const [seedA, seedB, desired] of [
      [1, 2, 3],
      [3, 4, 6],
      [5, 6, 3],
      [7, 8, 6],
    ] as const) {
      await updateService({ cluster, service: 'scale', desiredCount: desired }, ctx);
      const before = (await liveTasks()).filter((t) => t.desiredStatus === 'RUNNING').length;
      await overlappingPasses(seedA, seedB);
      const live = await liveTasks();
      // Stopped by this round's passes (earlier stops have converged to STOPPED and left the live set).
      const stopped = live.filter((t) => t.desiredStatus === 'STOPPED').length;
      expect(stopped, `stops when scaling ${before} → ${desired}`).toBe(Math.max(0, before - desired));
      expect(live.filter((t) => t.desiredStatus === 'RUNNING')).toHaveLength(desired);
      for (let round = 0; round < 3; round++) {
        await agentsConverge();
        await reconcileClusterPass(ctx, cluster);
      }
      await expectConsistentAccounting(ctx, cluster);
    }
  });

  it('a rolling deployment under two overlapping passes keeps minimumHealthyPercent', async () => {
    await registerTaskDefinition({ family: 'app', containerDefinitions: [{ name: 'a', image: 'y', cpu: 64, memory: 64 }] }, ctx);
    await createService(
      {
        cluster,
        serviceName: 'roll',
        taskDefinition: 'app:1',
        desiredCount: 6,
        deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 },
      },
      ctx,
    );
    for (let round = 0; round < 3; round++) {
      await reconcileClusterPass(ctx, cluster);
      await agentsConverge();
    }
    for (const [seedA, seedB, taskDefinition] of [
      [11, 12, 'app:2'],
      [13, 14, 'app:1'],
      [15, 16, 'app:2'],
    ] as const) {
      await updateService({ cluster, service: 'roll', taskDefinition }, ctx);
      await overlappingPasses(seedA, seedB);
      const healthy = (await liveTasks()).filter((t) => t.desiredStatus === 'RUNNING' && t.lastStatus === 'RUNNING');
      expect(healthy.length, `healthy tasks while deploying ${taskDefinition}`).toBeGreaterThanOrEqual(3);
      for (let round = 0; round < 6; round++) {
        await agentsConverge();
        await reconcileClusterPass(ctx, cluster);
      }
      const service = (await ctx.services.get(cluster, 'roll'))!.record;
      expect(service.deployments).toHaveLength(1);
      expect(service.runningCount).toBe(6);
    }
  });
});

describe('3. a failing health check is acted on when its grace period ends', () => {
  beforeEach(() => setUp(1));

  it('replaces a task that turned UNHEALTHY inside the grace period within one pass after it', async () => {
    await createService({ cluster, serviceName: 'health', taskDefinition: 'app', desiredCount: 1, healthCheckGracePeriodSeconds: 60 }, ctx);
    await reconcileClusterPass(ctx, cluster);
    await agentsConverge('HEALTHY');
    await reconcileClusterPass(ctx, cluster);
    const [task] = await liveTasks();
    clock.t += 10_000;
    await agentsConverge('UNHEALTHY');
    clock.t += 1_000;
    await reconcileClusterPass(ctx, cluster); // inside the grace period: nothing to do yet
    expect((await ctx.tasks.get(cluster, task!.taskId))!.desiredStatus).toBe('RUNNING');
    clock.t += 50_000;
    await poll({ cluster, containerInstanceArn: instanceArns[0]! }, ctx, deps(ctx)); // a heartbeat, no news
    await reconcileClusterPass(ctx, cluster); // the first pass after the grace period
    expect((await ctx.tasks.get(cluster, task!.taskId))!.desiredStatus).toBe('STOPPED');
    expect((await liveTasks()).filter((t) => t.desiredStatus === 'RUNNING')).toHaveLength(1);
  });

  // Found by the chaos suite (seed 1, step 7703): the poll wrote the health change and died before marking its
  // service; the agent's retry of the unacknowledged report changed nothing, so nothing marked it either.
  it('even when the poll that carried the report died between writing it and marking the service', async () => {
    await createService({ cluster, serviceName: 'health', taskDefinition: 'app', desiredCount: 1 }, ctx);
    await reconcileClusterPass(ctx, cluster);
    await agentsConverge('HEALTHY');
    clock.t += 1;
    await reconcileClusterPass(ctx, cluster);
    clock.t += 10_000;
    await reconcileClusterPass(ctx, cluster); // steady and looked at after its last mark: the next pass skips it
    const [task] = await liveTasks();
    expect((await ctx.services.get(cluster, 'health'))!.record.runningCount).toBe(1);
    const containerInstanceArn = instanceArns[0]!;
    const report = { taskArn: task!.taskArn, status: 'RUNNING' as const, health: 'UNHEALTHY' as const, containers: [] };
    // A heartbeat written moments ago: the poll's first write is the report's.
    const beaten = { ...deps(ctx), heartbeats: new Map([[`${cluster}/${containerInstanceArn.split('/').pop()}`, clock.t]]) };
    const dying = stagedContext(config, { crashAfter: (command) => WRITES.has(command), clock });
    await poll({ cluster, containerInstanceArn, reports: [report] }, dying.ctx, beaten).then(
      () => expect.fail('the poll should have died after its first write'),
      survive,
    );
    expect((await ctx.tasks.get(cluster, task!.taskId))!.healthStatus).toBe('UNHEALTHY');
    clock.t += 1_000;
    // Never acknowledged, so the agent sends the same report again.
    await poll({ cluster, containerInstanceArn, reports: [report] }, ctx, deps(ctx));
    clock.t += 1;
    await reconcileClusterPass(ctx, cluster);
    expect((await ctx.tasks.get(cluster, task!.taskId))!.desiredStatus).toBe('STOPPED');
  });
});

describe('4. placement rules hold whatever is placed concurrently', () => {
  beforeEach(() => setUp(1));

  /** Two RunTask calls that both decide on the same snapshot, then commit one after the other. */
  async function raced(first: Parameters<typeof runTask>[0], second: Parameters<typeof runTask>[0]) {
    const a = stagedContext(config, { holdAt: isTransaction, clock });
    const b = stagedContext(config, { holdAt: isTransaction, clock });
    const calls = [runTask(first, a.ctx), runTask(second, b.ctx)];
    await Promise.all([a.reached, b.reached]);
    a.open();
    await calls[0];
    b.open();
    return Promise.all(calls);
  }

  it('distinctInstance: two calls of one group never share an instance', async () => {
    const request = { cluster, taskDefinition: 'app', group: 'solo', placementConstraints: [{ type: 'distinctInstance' as const }] };
    const [a, b] = await raced(request, request);
    expect(a.tasks).toHaveLength(1);
    expect(b.tasks).toHaveLength(0);
    expect(b.failures![0]!.reason).toBe('DistinctInstance placement constraint unsatisfied.');
  });

  it('memberOf not(task:group == …): two mutually exclusive groups never share an instance', async () => {
    const [a, b] = await raced(
      { cluster, taskDefinition: 'app', group: 'web', placementConstraints: [{ type: 'memberOf', expression: 'not(task:group == db)' }] },
      { cluster, taskDefinition: 'app', group: 'db', placementConstraints: [{ type: 'memberOf', expression: 'not(task:group == web)' }] },
    );
    expect(a.tasks).toHaveLength(1);
    expect(b.tasks).toHaveLength(0);
    expect(b.failures![0]!.reason).toBe('MemberOf placement constraint unsatisfied.');
  });

  it('memberOf task:group == …: a task never joins a group that left while it was being placed', async () => {
    const web = await runTask({ cluster, taskDefinition: 'app', group: 'web' }, ctx);
    const cache = stagedContext(config, { holdAt: isTransaction, clock });
    const call = runTask(
      { cluster, taskDefinition: 'app', group: 'cache', placementConstraints: [{ type: 'memberOf', expression: 'task:group == web' }] },
      cache.ctx,
    );
    await cache.reached;
    // The web task stops meanwhile: once its agent is told, it is STOPPING and its group leaves the instance.
    await stopTask({ cluster, task: web.tasks![0]!.taskArn! }, ctx);
    await poll({ cluster, containerInstanceArn: instanceArns[0]! }, ctx, deps(ctx));
    cache.open();
    const out = await call;
    expect(out.tasks).toHaveLength(0);
    expect(out.failures![0]!.reason).toBe('MemberOf placement constraint unsatisfied.');
  });
});
