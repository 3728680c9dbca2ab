/**
 * npm run bench:cost — what Berth's control plane costs to run, counted
 * against DynamoDB Local (ReturnConsumedCapacity on every call) with the real
 * handlers in process, and priced with bench/lib/prices.ts:
 *  1. an idle container instance for an hour: on the push channel (beats,
 *     periodic resync polls, a reconnect every 2 hours) and on the HTTP poll
 *     fallback → $ per idle instance-month;
 *  2. a service's tasks launched (placed, pushed, reported RUNNING) and
 *     stopped again (scaled to 0, pushed, reported STOPPED) → $ per 1,000
 *     task launches, and DynamoDB write units per task launched;
 *  3. a steady cluster: the scheduled reconcile pass, and the usage samples
 *     of running tasks → $ per service-month.
 * Lambda time is each handler's own time here (DynamoDB Local is slower than
 * DynamoDB), billed per ms at the function's memory size.
 *   BENCH_SERVICES (default 100), BENCH_TASKS_PER_SERVICE (5), BENCH_INSTANCES (25), BENCH_IDLE_INSTANCES (10)
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { ensureTables } from '../infra/local/ensure-tables.js';
import { freePort } from '../infra/local/ports.js';
import { DynamoAgentConnectionStore } from '../src/adapters/dynamodb/agent-connection-repository.js';
import { CapacityMeter } from '../src/adapters/dynamodb/capacity-meter.js';
import { agentPoll } from '../src/app/agent-calls/agent-poll.js';
import { UsageAccumulator } from '../src/app/metrics/usage-accumulator.js';
import { handleChannelEvent, type AgentChannelDeps, type ChannelEvent } from '../src/api/agent-channel.js';
import { cachedDefinitions } from '../src/api/agent-http.js';
import { createCluster } from '../src/app/clusters/create-cluster.js';
import { itemBytes } from '../src/adapters/dynamodb/item-size.js';
import { registerContainerInstance } from '../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../src/app/reconcile/run-reconcile.js';
import { createService } from '../src/app/services/create-service.js';
import { updateService } from '../src/app/services/update-service.js';
import { registerTaskDefinition } from '../src/app/task-definitions/register-task-definition.js';
import { AGENT_VERSION, CHANNEL_RESYNC_MS } from '../src/agent/control-loop/agent.js';
import { dockerCapabilities } from '../src/agent/runtime/capabilities.js';
import { readConfig } from '../src/config.js';
import { createLogger } from '../src/logging/json-lines-logger.js';
import {
  DRIVER_ATTRIBUTE,
  ECS_LOG_DRIVERS,
  parseChannelFrame,
  type ChannelFrame,
  type PollRequest,
  type TaskReport,
} from '../src/protocol/index.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { addUsage, dollars, emptyUsage, HOURS_PER_MONTH, PRICES, scaleUsage, type Usage } from './lib/prices.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const PER_SERVICE = Number(process.env.BENCH_TASKS_PER_SERVICE ?? 5);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 25);
const HOLLOW_CAPABILITIES = dockerCapabilities({ apiVersion: '1.41', minApiVersion: '1.12', logDrivers: ECS_LOG_DRIVERS });
const IDLE_INSTANCES = Number(process.env.BENCH_IDLE_INSTANCES ?? 10);
/** serverless.yml's memorySize of each function, in GB. */
const GB = { channel: 0.25, api: 0.5, reconciler: 0.5 };
/** API Gateway closes a WebSocket after 2 hours: one reconnect ($disconnect, $connect, a poll) per 2 hours. */
const CONNECTION_HOURS = 2;
/** How often the agent samples usage (DEFAULT_USAGE_INTERVAL_MS): each sample is a poll, and a write per running task. */
const USAGE_EVERY_MS = 20_000;
/** The scheduled reconciler: rate(1 minute). */
const PASSES_PER_MONTH = HOURS_PER_MONTH * 60;

const log = createLogger({ stdout: false });
let simulatedNow = Date.parse('2026-01-05T00:00:00Z');
const clock = { now: () => simulatedNow };

async function main() {
  console.log(`▸ bench:cost — prices: us-east-1, checked ${PRICES.checked} (bench/lib/prices.ts)`);
  const ddb = await startDynamoDbLocal({ port: await freePort() });
  try {
    await ensureTables(ddb.endpoint, 'berth-cost');
    const meter = new CapacityMeter();
    const config = readConfig({ BERTH_TABLE: 'berth-cost', BERTH_DYNAMODB_ENDPOINT: ddb.endpoint });
    let db!: DynamoDBDocumentClient;
    const pushed = new Map<string, ChannelFrame[]>();
    const ctx = buildAppContext(config, {
      clock,
      log,
      instrument: (client) => {
        db = client;
        meter.attach(client);
      },
      // Counts pushes (each a WebSocket message); the agent side answers them below.
      pusher: {
        push: async (connectionId, frame) => {
          pushed.set(connectionId, [...(pushed.get(connectionId) ?? []), parseChannelFrame(frame)]);
          return 'sent';
        },
      },
    });
    const connections = new DynamoAgentConnectionStore(db, config.tableName);
    const instanceOf = new Map<string, { cluster: string; id: string }>();
    const deps: AgentChannelDeps = {
      definitions: cachedDefinitions(ctx),
      heartbeats: new Map(),
      started: new Map<string, Set<string>>(),
      usage: new UsageAccumulator(ctx.usage, ctx.autoscaling.metricPeriodSeconds),
      connections,
      // The signature check itself (HMAC, and a credential read cached per process) is not what is counted here.
      authenticator: {
        authenticate: async (req) => {
          const who = instanceOf.get(String(req.headers['x-bench-instance']))!;
          return { accessKeyId: 'bench', arn: `arn:instance/${who.id}`, containerInstance: who, policy: undefined as never };
        },
      },
      heartbeatMs: config.agentHeartbeatMs,
    };

    // Every channel event is a Lambda invocation; every frame in or out a message.
    const usage = emptyUsage();
    const channel = async (event: ChannelEvent) => {
      const t0 = performance.now();
      const out = await handleChannelEvent(event, ctx, log, deps);
      usage.lambdaInvocations++;
      usage.lambdaGbSeconds += (Math.ceil(performance.now() - t0) / 1000) * GB.channel;
      if (event.requestContext.eventType === 'MESSAGE') usage.wsMessages += 1 + (out.body ? 1 : 0);
      return out.body ? parseChannelFrame(out.body) : undefined;
    };
    const connect = (connectionId: string, arn: string) =>
      channel({ requestContext: { eventType: 'CONNECT', connectionId }, headers: { 'x-bench-instance': arn } });
    const disconnect = (connectionId: string) => channel({ requestContext: { eventType: 'DISCONNECT', connectionId } });
    let frameId = 0;
    const socketPoll = async (connectionId: string, poll: PollRequest) => {
      const frame = await channel({
        requestContext: { eventType: 'MESSAGE', connectionId },
        body: JSON.stringify({ action: 'poll', id: ++frameId, poll }),
      });
      if (frame?.type !== 'poll-response') throw new Error(`poll refused: ${JSON.stringify(frame)}`);
      return frame.response;
    };
    const beat = (connectionId: string) => channel({ requestContext: { eventType: 'MESSAGE', connectionId }, body: '{"action":"beat"}' });
    const meterUsage = (u: Usage) => {
      u.readUnits += meter.read;
      u.writeUnits += meter.write;
      meter.reset();
      return u;
    };
    const register = async (cluster: string, i: number) => {
      const out = await registerContainerInstance(
        {
          cluster,
          totalResources: [
            { name: 'CPU', type: 'INTEGER', integerValue: 8192 },
            { name: 'MEMORY', type: 'INTEGER', integerValue: 32768 },
          ],
          // What a hollow agent registers (src/agent/hollow/fleet.ts through the agent's registerRequest): the item's size sets its write cost.
          attributes: [
            { name: 'ecs.os-type', value: 'linux' },
            { name: DRIVER_ATTRIBUTE, value: 'hollow' },
            { name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` },
            { name: 'ecs.instance-type', value: 't3.medium' },
            ...HOLLOW_CAPABILITIES.map((name) => ({ name })),
          ],
          versionInfo: { agentVersion: AGENT_VERSION, agentHash: 'berth', dockerVersion: 'DockerVersion: hollow' },
        },
        ctx,
      );
      const arn = out.containerInstance!.containerInstanceArn!;
      instanceOf.set(arn, { cluster, id: arn.split('/').pop()! });
      return arn;
    };

    // 1. Idle instances for an hour of simulated time.
    await createCluster({ clusterName: 'idle' }, ctx);
    const idle: string[] = [];
    for (let i = 0; i < IDLE_INSTANCES; i++) idle.push(await register('idle', i));
    meter.reset();
    Object.assign(usage, emptyUsage());
    for (const [i, arn] of idle.entries()) await connect(`idle-${i}`, arn);
    const reconnect = meterUsage({ ...usage });
    Object.assign(usage, emptyUsage());
    const hourStart = simulatedNow;
    let lastPoll = Number.NEGATIVE_INFINITY;
    while (simulatedNow < hourStart + 3600_000) {
      const resync = simulatedNow - lastPoll >= CHANNEL_RESYNC_MS;
      for (const [i, arn] of idle.entries()) {
        if (resync) await socketPoll(`idle-${i}`, { cluster: 'idle', containerInstanceArn: arn });
        else await beat(`idle-${i}`);
      }
      if (resync) lastPoll = simulatedNow;
      simulatedNow += config.agentHeartbeatMs;
    }
    const channelHour = meterUsage({ ...usage });
    // A reconnect: $disconnect, $connect, and the poll that follows (measured above, once per instance).
    Object.assign(usage, emptyUsage());
    for (const [i] of idle.entries()) await disconnect(`idle-${i}`);
    const disconnects = meterUsage({ ...usage });
    const perReconnect = scaleUsage(addUsage(reconnect, disconnects), 1 / IDLE_INSTANCES);
    const channelIdleHour = addUsage(scaleUsage(channelHour, 1 / IDLE_INSTANCES), scaleUsage(perReconnect, 1 / CONNECTION_HOURS));
    channelIdleHour.wsConnectionMinutes = 60;

    // The HTTP poll fallback: a sample of polls at the control plane's interval, scaled to the hour.
    const SAMPLE_POLLS = 120;
    Object.assign(usage, emptyUsage());
    meter.reset();
    for (let n = 0; n < SAMPLE_POLLS; n++) {
      for (const arn of idle) {
        const t0 = performance.now();
        await agentPoll({ cluster: 'idle', containerInstanceArn: arn }, ctx, deps);
        usage.httpRequests++;
        usage.lambdaInvocations++;
        usage.lambdaGbSeconds += (Math.ceil(performance.now() - t0) / 1000) * GB.api;
      }
      simulatedNow += config.pollIntervalMs;
    }
    const pollIdleHour = scaleUsage(meterUsage({ ...usage }), 3600_000 / config.pollIntervalMs / SAMPLE_POLLS / IDLE_INSTANCES);

    // 2. Launch and stop: services placed by reconcile passes, pushed to agents that answer with socket polls.
    const cluster = 'cost';
    await createCluster({ clusterName: cluster }, ctx);
    const arns: string[] = [];
    for (let i = 0; i < INSTANCES; i++) arns.push(await register(cluster, i));
    for (const [i, arn] of arns.entries()) await connect(`c-${i}`, arn);
    await registerTaskDefinition(
      { family: 'app', containerDefinitions: [{ name: 'app', image: 'x', cpu: 32, memory: 64, portMappings: [{ containerPort: 80 }] }] },
      ctx,
    );
    /**
     * Agents run what their pushes carried, poll on their socket for what the
     * pushes only named (stops), and report what they were told (RUNNING, or STOPPED).
     */
    const agentsAnswerPushes = async () => {
      for (const [i, arn] of arns.entries()) {
        const connectionId = `c-${i}`;
        const wakes = pushed.get(connectionId)?.flatMap((f) => (f.type === 'wake' ? [f] : [])) ?? [];
        if (!wakes.length) continue;
        pushed.delete(connectionId);
        usage.wsMessages += wakes.length; // the pushes themselves
        const carried = wakes.flatMap((w) => w.tasks ?? []);
        const polled = wakes.some((w) => w.taskArns.some((a) => !w.tasks?.some((t) => t.taskArn === a)))
          ? (await socketPoll(connectionId, { cluster, containerInstanceArn: arn })).tasks.filter(
              (t) => !carried.some((c) => c.taskArn === t.taskArn),
            )
          : [];
        const reports: TaskReport[] = [...carried, ...polled].map((t) => ({
          taskArn: t.taskArn,
          status: t.desiredStatus === 'RUNNING' ? 'RUNNING' : 'STOPPED',
          containers: [],
        }));
        if (reports.length) await socketPoll(connectionId, { cluster, containerInstanceArn: arn, reports });
      }
    };
    const pass = async () => {
      // Passes are seconds apart in life; a frozen clock would make every dirty mark look fresh.
      simulatedNow += 1000;
      const t0 = performance.now();
      const summary = await reconcileClusterPass(ctx, cluster);
      usage.lambdaInvocations++;
      usage.lambdaGbSeconds += (Math.ceil(performance.now() - t0) / 1000) * GB.reconciler;
      return summary;
    };
    const api = async <T>(call: () => Promise<T>) => {
      const t0 = performance.now();
      const out = await call();
      usage.httpRequests++;
      usage.lambdaInvocations++;
      usage.lambdaGbSeconds += (Math.ceil(performance.now() - t0) / 1000) * GB.api;
      return out;
    };
    const settle = async (steady: () => Promise<boolean>, what: string) => {
      for (let passes = 1; ; passes++) {
        process.stdout.write(`  ${what}: pass ${passes}\r`);
        const summary = await pass();
        await agentsAnswerPushes();
        if (summary.placed === 0 && (await steady())) return passes;
        if (passes > 50) throw new Error(`${what}: not steady after 50 passes`);
      }
    };
    const tasks = SERVICES * PER_SERVICE;
    pushed.clear();
    meter.reset();
    Object.assign(usage, emptyUsage());
    for (let s = 0; s < SERVICES; s++)
      await api(() => createService({ cluster, serviceName: `svc-${s}`, taskDefinition: 'app', desiredCount: PER_SERVICE }, ctx));
    const launchPasses = await settle(async () => {
      const services = await ctx.services.listAll(cluster);
      return services.every((s) => s.record.runningCount === PER_SERVICE && s.record.deployments.length === 1);
    }, 'launch');
    const launchOps = { ...meter.operations };
    const launch = meterUsage({ ...usage });
    console.log(`\nLaunch: ${tasks} tasks (${SERVICES} services × ${PER_SERVICE}) on ${INSTANCES} instances, ${launchPasses} passes`);
    console.log(`  per task launched: ${(launch.readUnits / tasks).toFixed(2)} RCU, ${(launch.writeUnits / tasks).toFixed(2)} WCU`);
    printOperations(launchOps, launch, tasks);
    await printItemSizes(db, config.tableName, cluster);
    meter.reset();

    // 3a. Steady: one scheduled pass over the settled cluster.
    await pass();
    meter.reset();
    Object.assign(usage, emptyUsage());
    await pass();
    console.log(`\nSteady reconcile pass over ${SERVICES} services: ${meter.read.toFixed(1)} RCU, ${meter.write.toFixed(1)} WCU`);
    printOperations({ ...meter.operations }, usage);
    const steadyPass = meterUsage({ ...usage });
    // 3b. Running tasks' usage samples: one socket poll per instance carrying its tasks' usage, every 20 s.
    const running = await Promise.all(arns.map((arn) => ctx.tasks.liveOnInstance(cluster, arn.split('/').pop()!)));
    Object.assign(usage, emptyUsage());
    for (const [i, arn] of arns.entries()) {
      const samples = running[i]!.map((v) => ({ taskArn: v.task.taskArn, cpuPercent: 1.5, memoryBytes: 10_000_000 }));
      await socketPoll(`c-${i}`, { cluster, containerInstanceArn: arn, usage: samples });
    }
    const usageRound = meterUsage({ ...usage });

    // 2b. Stop them all: scaled to 0, the stops pushed, the agents report STOPPED.
    Object.assign(usage, emptyUsage());
    for (let s = 0; s < SERVICES; s++) await api(() => updateService({ cluster, service: `svc-${s}`, desiredCount: 0 }, ctx));
    await settle(async () => (await ctx.tasks.list({ cluster, desiredStatus: 'RUNNING', limit: 1 })).items.length === 0, 'stop');
    const stopOps = { ...meter.operations };
    const stop = meterUsage({ ...usage });
    console.log(
      `\nStop: ${tasks} tasks, per task stopped: ${(stop.readUnits / tasks).toFixed(2)} RCU, ${(stop.writeUnits / tasks).toFixed(2)} WCU`,
    );
    printOperations(stopOps, stop, tasks);
    console.log(
      `\nA task's whole life (launched, run, stopped): ${((launch.readUnits + stop.readUnits) / tasks).toFixed(2)} RCU, ` +
        `${((launch.writeUnits + stop.writeUnits) / tasks).toFixed(2)} WCU`,
    );

    // The bill.
    const perMonth = (u: Usage) => scaleUsage(u, HOURS_PER_MONTH);
    const perThousandLaunches = scaleUsage(addUsage(launch, stop), 1000 / tasks);
    const perService = (u: Usage, n: number) => scaleUsage(u, n / SERVICES);
    const serviceMonth = addUsage(
      perService(steadyPass, PASSES_PER_MONTH),
      perService(usageRound, (HOURS_PER_MONTH * 3600_000) / USAGE_EVERY_MS),
    );
    console.log('\nScenario                                   msgs/req     Lambda inv    GB-s      RCU          WCU          $');
    row('idle instance-month, push channel', perMonth(channelIdleHour));
    row('idle instance-month, HTTP poll fallback', perMonth(pollIdleHour));
    row('1,000 task launches (launch + stop)', perThousandLaunches);
    row(`service-month (${PER_SERVICE} tasks): reconcile passes`, perService(steadyPass, PASSES_PER_MONTH));
    row(`service-month (${PER_SERVICE} tasks): usage samples`, perService(usageRound, (HOURS_PER_MONTH * 3600_000) / USAGE_EVERY_MS));
    row(`service-month (${PER_SERVICE} tasks), total`, serviceMonth);
    console.log(
      `\nChannel: heartbeat every ${config.agentHeartbeatMs / 1000} s, a resync poll every ${CHANNEL_RESYNC_MS / 60_000} min, ` +
        `agent timeout ${config.agentTimeoutMs / 1000} s, lost after ${config.lostAgentMs / 1000} s; HTTP polls every ${config.pollIntervalMs} ms.`,
    );
    console.log('Not counted here: CloudWatch (publish-metrics and its alarms: their own schedule), data transfer, logs, the free tiers.');
  } finally {
    await ddb.stop();
  }
}

function row(name: string, u: Usage) {
  const d = dollars(u);
  const msgs = u.wsMessages + u.httpRequests;
  console.log(
    `  ${name.padEnd(42)} ${fmt(msgs).padStart(10)} ${fmt(u.lambdaInvocations).padStart(12)} ${fmt(u.lambdaGbSeconds).padStart(9)} ${fmt(u.readUnits).padStart(12)} ${fmt(u.writeUnits).padStart(12)}   $${d.total.toFixed(4)}`,
  );
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

/** Where the units went: per operation (command + the kinds of item it touches), the table's share and each index's. */
function printOperations(ops: CapacityMeter['operations'], u: Usage, perTasks?: number) {
  console.log(`  messages/requests ${fmt(u.wsMessages + u.httpRequests)}, Lambda invocations ${fmt(u.lambdaInvocations)}`);
  const per = perTasks ? `  ${'WCU/task'.padStart(8)} ${'RCU/task'.padStart(8)}` : '';
  console.log(`    ${'operation'.padEnd(62)} ${'calls'.padStart(5)} ${'RCU'.padStart(8)} ${'WCU'.padStart(8)}${per}  table + indexes`);
  const sorted = Object.entries(ops).sort(([, a], [, b]) => b.write + b.read / 5 - (a.write + a.read / 5));
  for (const [name, c] of sorted) {
    const split = [`table ${c.table.toFixed(1)}`, ...Object.entries(c.indexes).map(([g, n]) => `${g} ${n.toFixed(1)}`)].join(', ');
    const perTask = perTasks ? `  ${(c.write / perTasks).toFixed(2).padStart(8)} ${(c.read / perTasks).toFixed(2).padStart(8)}` : '';
    console.log(
      `    ${name.padEnd(62)} ${String(c.count).padStart(5)} ${c.read.toFixed(1).padStart(8)} ${c.write.toFixed(1).padStart(8)}${perTask}  ${split}`,
    );
  }
}

/** The size of one item of each kind in the cluster's partition (DynamoDB bills writes per started KB of the larger of old and new item). */
async function printItemSizes(db: DynamoDBDocumentClient, table: string, cluster: string) {
  const { Items = [] } = await db.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CLUSTER#${cluster}` } }),
  );
  const sizes = new Map<string, number>();
  for (const item of Items) {
    const kind = String(item.SK).split('#')[0]!;
    sizes.set(kind, Math.max(sizes.get(kind) ?? 0, itemBytes(item)));
  }
  console.log(`  largest item of each kind (bytes): ${[...sizes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
