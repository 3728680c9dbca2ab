/**
 * Services behind a load balancer under churn: random scaling, deployments,
 * StopTask and draining instances, reconcile passes and agent polls killed
 * between DynamoDB calls, ELB calls that fail at random. The control plane
 * runs on DynamoDB Local, the load balancer is the ELBv2 twin (health checks
 * against real HTTP servers the fake agents open on each task's host port).
 * Invariants:
 *  - no task is handed to its agent to stop while its load balancer may still
 *    route to it (its target is draining or gone by then);
 *  - once things settle, the target groups hold exactly the targets of the
 *    running tasks: every stopped task's target was deregistered.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Elbv2LoadBalancers, elbv2Client } from '../../../src/adapters/elbv2/elbv2-load-balancers.js';
import { agentPoll as poll } from '../../../src/app/agent-calls/agent-poll.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { updateContainerInstancesState } from '../../../src/app/container-instances/update-container-instances-state.js';
import type { AppContext } from '../../../src/app/context.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { stopTask } from '../../../src/app/tasks/stop-task.js';
import { readConfig, type BerthConfig } from '../../../src/config.js';
import type { LoadBalancers } from '../../../src/ports/load-balancers.js';
import { createRandom } from '../../../src/scheduler/reconcile/random.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { ensureLoadBalancer, localElbClient } from '../../../infra/local/walkthrough/load-balancer.js';
import { UsageAccumulator } from '../../../src/app/metrics/usage-accumulator.js';
import { startLocalElbv2, type LocalElbv2 } from '../../support/elbv2-local.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { freshTable } from '../../support/table.js';

class Crash extends Error {}
const survive = (err: unknown) => {
  if (!(err instanceof Crash)) throw err;
};

const cluster = 'lb-churn';
const SEED = Number(process.env.BERTH_CHAOS_SEED ?? 20261130);
const random = createRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

let elb: LocalElbv2;
let config: BerthConfig;
let ctx: AppContext;
let targetGroupArn: string;
const instanceArns: string[] = [];
const heartbeats = new Map<string, number>();
const started = new Map<string, Set<string>>();
const violations: string[] = [];
/** Host port → the server standing in for the task listening there. */
const servers = new Map<number, Server>();

/** ELB calls that fail one time in `oneIn`: the pass must leave enough behind for the next one to finish. */
function flaky(inner: LoadBalancers, oneIn: number): LoadBalancers {
  const maybe =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A) =>
      random() * oneIn < 1 ? Promise.reject(new Error('injected ELB failure')) : f(...a);
  return {
    describeTargetGroups: maybe(inner.describeTargetGroups.bind(inner)),
    deregistrationDelaySeconds: maybe(inner.deregistrationDelaySeconds.bind(inner)),
    registerTargets: maybe(inner.registerTargets.bind(inner)),
    deregisterTargets: maybe(inner.deregisterTargets.bind(inner)),
    targetHealth: maybe(inner.targetHealth.bind(inner)),
  };
}

/** A context whose DynamoDB client dies after `budget` calls (a process killed between two writes), and whose ELB calls fail at random. */
function chaoticContext(budget: number): AppContext {
  let calls = 0;
  return buildAppContext(config, {
    loadBalancers: flaky(new Elbv2LoadBalancers(elbv2Client(config)), 6),
    instrument: (db: DynamoDBDocumentClient) =>
      db.middlewareStack.add(
        (next) => async (args) => {
          if (++calls > budget) throw new Crash(`crashed after ${budget} calls`);
          return next(args);
        },
        { step: 'initialize', name: 'crash' },
      ),
  });
}

async function listen(port: number) {
  if (servers.has(port)) return;
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  servers.set(port, server);
}

async function close(port: number) {
  const server = servers.get(port);
  servers.delete(port);
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** What an ELB target state means for traffic: may a request still be sent there? */
const routable = (state: string | undefined) => state !== undefined && state !== 'draining';

/**
 * The agents: run what should run (a server on each host port), stop what
 * should stop — checking, at the moment the stop is handed over, that the
 * load balancer no longer routes to the task.
 */
async function agentsConverge(c: AppContext) {
  for (const arn of instanceArns) {
    const out = await poll({ cluster, containerInstanceArn: arn }, c, {
      definitions: (f, r) => c.taskDefinitions.get(f, r),
      heartbeats,
      started,
      usage: new UsageAccumulator(c.usage, c.autoscaling.metricPeriodSeconds),
    });
    const reports = [];
    for (const a of out.tasks) {
      const task = await ctx.tasks.get(cluster, a.taskArn.split('/').pop()!);
      const ports = task?.hostPorts.map((p) => p.hostPort) ?? [];
      if (a.desiredStatus === 'RUNNING') {
        for (const p of ports) await listen(p);
        reports.push({ taskArn: a.taskArn, status: 'RUNNING' as const, containers: [] });
      } else {
        const instanceId = task!.containerInstanceId!;
        for (const p of ports) {
          const state = elb.twin.runtime.state.target(targetGroupArn, instanceId, p)?.health.state;
          if (routable(state)) violations.push(`task ${task!.taskId} was told to stop while its target ${instanceId}:${p} was ${state}`);
          await close(p);
        }
        reports.push({ taskArn: a.taskArn, status: 'STOPPED' as const, containers: [] });
      }
    }
    if (reports.length)
      await poll({ cluster, containerInstanceArn: arn, reports }, c, {
        definitions: (f, r) => c.taskDefinitions.get(f, r),
        heartbeats,
        started,
        usage: new UsageAccumulator(c.usage, c.autoscaling.metricPeriodSeconds),
      });
  }
}

beforeAll(async () => {
  // The control plane's ELB client finds credentials in the environment, as the local stack gives them (signed, checked by the twin).
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  elb = await startLocalElbv2(inject('dynamodbEndpoint'), `elbv2-${randomUUID()}`);
  const base = await freshTable();
  config = readConfig({
    BERTH_TABLE: base.tableName,
    BERTH_DYNAMODB_ENDPOINT: base.dynamodbEndpoint,
    BERTH_REGION: 'us-east-1',
    BERTH_ELB_ENDPOINT: elb.endpoint,
  });
  ctx = buildAppContext(config);
  const lb = await ensureLoadBalancer(localElbClient(elb.endpoint), { name: 'churn', deregistrationDelaySeconds: 1 });
  targetGroupArn = lb.targetGroupArn;
  await createCluster({ clusterName: cluster }, ctx);
  for (let i = 0; i < 3; i++) {
    // Host ports above the kernel's ephemeral range, a slice per instance: the fake agents really listen there.
    const slice = `${61000 + i * 300}-${61000 + i * 300 + 299}`;
    const out = await registerContainerInstance(
      {
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 2048 },
        ],
        attributes: [
          { name: 'ecs.availability-zone', value: `us-east-1${'abc'[i]}` },
          { name: 'berth.dynamic-ports', value: slice },
        ],
      },
      ctx,
    );
    instanceArns.push(out.containerInstance!.containerInstanceArn!);
  }
  await registerTaskDefinition(
    {
      family: 'churn',
      containerDefinitions: [{ name: 'web', image: 'x', cpu: 64, memory: 64, portMappings: [{ containerPort: 80, hostPort: 0 }] }],
    },
    ctx,
  );
  await createService(
    {
      cluster,
      serviceName: 'web',
      taskDefinition: 'churn',
      desiredCount: 3,
      loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 80 }],
    },
    ctx,
  );
});

afterAll(async () => {
  for (const port of [...servers.keys()]) await close(port);
  await elb?.stop();
});

describe(`a service behind a load balancer under churn and crashes (seed ${SEED})`, () => {
  it('never stops a task its load balancer may route to, and leaves only running tasks registered', async () => {
    const operations = [
      async () => updateService({ cluster, service: 'web', desiredCount: Math.floor(random() * 6) }, ctx),
      async () => updateService({ cluster, service: 'web', forceNewDeployment: true }, ctx),
      async () => {
        const live = (await ctx.tasks.ofService(cluster, 'web')).filter((t) => t.desiredStatus === 'RUNNING');
        if (live.length) await stopTask({ cluster, task: pick(live).taskArn }, ctx);
      },
      async () => {
        const arn = pick(instanceArns);
        await updateContainerInstancesState({ cluster, containerInstances: [arn], status: 'DRAINING' }, ctx);
        return async () => updateContainerInstancesState({ cluster, containerInstances: [arn], status: 'ACTIVE' }, ctx);
      },
    ];
    for (let round = 0; round < 12; round++) {
      const undo = await pick(operations)();
      for (let step = 0; step < 4; step++) {
        await reconcileClusterPass(chaoticContext(1 + Math.floor(random() * 25)), cluster).catch(survive);
        await agentsConverge(chaoticContext(1 + Math.floor(random() * 25))).catch(survive);
        await agentsConverge(ctx);
      }
      if (typeof undo === 'function') await undo();
      await expectConsistentAccounting(ctx, cluster);
      await new Promise((r) => setTimeout(r, 1500));
    }

    // Settle without faults: the desired tasks run, registered and healthy; nothing else is in the target group.
    await updateService({ cluster, service: 'web', desiredCount: 3 }, ctx);
    const deadline = Date.now() + 60_000;
    let last: string;
    for (;;) {
      await reconcileClusterPass(ctx, cluster);
      await agentsConverge(ctx);
      const tasks = await ctx.tasks.ofService(cluster, 'web');
      const running = tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
      const expected = running.flatMap((t) => t.hostPorts.map((p) => `${t.containerInstanceId}:${p.hostPort}`)).sort();
      const registered = elb.twin.runtime.state
        .targetList(targetGroupArn)
        .filter((t) => routable(t.health.state))
        .map((t) => `${t.id}:${t.port}`)
        .sort();
      const holding = tasks.filter(
        (t) => t.lastStatus === 'STOPPED' && (t.loadBalancing?.state === 'REGISTERED' || t.loadBalancing?.state === 'REGISTERING'),
      );
      last = JSON.stringify({ expected, registered, holding: holding.map((t) => t.taskId) });
      if (running.length === 3 && holding.length === 0 && JSON.stringify(expected) === JSON.stringify(registered)) break;
      if (Date.now() > deadline) throw new Error(`did not settle: ${last}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    await expectConsistentAccounting(ctx, cluster);
    expect(violations).toEqual([]);
  });
});
