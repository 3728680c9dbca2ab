/**
 * npm run bench:autoscale — service autoscaling on the whole local stack
 * with BERTH_METRIC_PERIOD_SECONDS=10:
 *  1. real containers (2 local Docker agents): a service whose tasks burn CPU
 *     under a 50 % target-tracking policy (1..4 tasks): seconds from load
 *     start to the first scale-out and to the maximum, and how many alarm
 *     periods after the metric crossed the target the first scale-out came;
 *  2. what metrics cost, with 20 hollow instances running 60 tasks for 6
 *     periods: PutMetricData calls per cluster per period, DynamoDB usage
 *     writes per instance per period (→ per hour), and the capacity one
 *     publication of a cluster's metrics takes.
 * Env: BENCH_HOLLOW (default 20), BENCH_PERIODS (default 6).
 */
import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHollowFleet } from '../src/agent/hollow/fleet.js';
import { ensureLocalImage } from '../src/agent/test-image.js';
import { CapacityMeter } from '../src/adapters/dynamodb/capacity-meter.js';
import type { CloudWatchTwin } from '../src/adapters/local/cloudwatch/cloudwatch-twin.js';
import { publishClusterMetrics } from '../src/app/metrics/publish-metrics.js';
import { readConfig } from '../src/config.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { startLocalAgents, usageIntervalFor } from '../infra/local/local-agents.js';
import { freePort } from '../infra/local/ports.js';
import { startLocalStack } from '../infra/local/stack.js';
import { drainCluster, removeClusterContainers } from '../infra/local/walkthrough/drain-cluster.js';
import { cpuBurnerTaskDefinition } from '../test/support/cpu-burner.js';

const PERIOD = 10;
const HOLLOW = Number(process.env.BENCH_HOLLOW ?? 20);
const PERIODS = Number(process.env.BENCH_PERIODS ?? 6);
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  console.log(`▸ bench:autoscale — metric period ${PERIOD} s`);
  const table = 'berth-bench-autoscale';
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName: table,
    log: (l) => console.log(`  ${l}`),
    env: { BERTH_METRIC_PERIOD_SECONDS: String(PERIOD) },
  });
  const twin = stack.twins.find((t) => t.name === 'cloudwatch') as CloudWatchTwin;
  const clients = { endpoint: stack.endpoint, region: 'us-east-1', credentials };
  const ecs = new ECSClient(clients);
  const aas = new ApplicationAutoScalingClient(clients);
  const cw = new CloudWatchClient(clients);
  const docker = new Docker();
  const loadDir = mkdtempSync(join(tmpdir(), 'berth-bench-load-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-bench-as-'));
  let agents: Awaited<ReturnType<typeof startLocalAgents>> | undefined;
  let fleet: Awaited<ReturnType<typeof startHollowFleet>> | undefined;
  try {
    // ── 1. scale-out on real containers ──
    const cluster = 'bench-burn';
    await ensureLocalImage(docker);
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    agents = await startLocalAgents({
      endpoint: stack.endpoint,
      cluster,
      count: 2,
      joinToken: await stack.joinToken(cluster),
      stateRoot: stateDir,
      driver: 'docker',
      usageIntervalMs: usageIntervalFor(PERIOD),
      log: (l) => console.log(`  [${l}]`),
    });
    await ecs.send(new RegisterTaskDefinitionCommand(cpuBurnerTaskDefinition('bench-burn', loadDir)));
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'burner', taskDefinition: 'bench-burn', desiredCount: 1 }));
    const target = {
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: `service/${cluster}/burner`,
    } as const;
    await aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 4 }));
    await aas.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'cpu50',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          ScaleOutCooldown: 10,
          ScaleInCooldown: 10,
        },
      }),
    );
    const counts = async () => {
      const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['burner'] }))).services!;
      return { desired: svc.desiredCount!, running: svc.runningCount! };
    };
    while ((await counts()).running < 1) await sleep(1000);
    console.log(`▸ 1 task running; ${3 * PERIOD} s of idle metrics, then the load starts`);
    await sleep(3 * PERIOD * 1000);
    writeFileSync(join(loadDir, 'on'), '');
    const t0 = Date.now();
    let firstOut: number | undefined;
    let atMax: number | undefined;
    let last = '';
    while (atMax === undefined) {
      await sleep(500);
      const c = await counts();
      if (firstOut === undefined && c.desired > 1) firstOut = Date.now();
      if (c.desired === 4 && c.running === 4) atMax = Date.now();
      const line = `desired ${c.desired}, running ${c.running}`;
      if (line !== last) console.log(`  ${s(Date.now() - t0)}: ${line}`);
      last = line;
      if (Date.now() - t0 > 300_000) throw new Error('no scale-out to the maximum within 300 s');
    }
    rmSync(join(loadDir, 'on'));
    const cpu = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(t0 - PERIOD * 1000),
        EndTime: new Date(firstOut!),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            Id: 'cpu',
            MetricStat: {
              Metric: {
                Namespace: 'Berth/ECS',
                MetricName: 'CPUUtilization',
                Dimensions: [
                  { Name: 'ClusterName', Value: cluster },
                  { Name: 'ServiceName', Value: 'burner' },
                ],
              },
              Period: PERIOD,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    const r = cpu.MetricDataResults![0];
    const crossedIdx = r.Values!.findIndex((v) => v > 50);
    const crossedAt = crossedIdx >= 0 ? r.Timestamps![crossedIdx].getTime() + PERIOD * 1000 : undefined;
    console.log(`\n  load start → first scale-out:        ${s(firstOut! - t0)}`);
    console.log(`  load start → maximum (4 running):    ${s(atMax - t0)}`);
    if (crossedAt !== undefined) {
      console.log(
        `  metric crossed 50 % with the period ending ${s(crossedAt - t0)} after the load started; first scale-out ${((firstOut! - crossedAt) / 1000 / PERIOD).toFixed(1)} alarm periods later (the high alarm needs 3)\n`,
      );
    }
    // Gone entirely, so the cost phase measures one cluster's metrics.
    console.log('▸ draining the burner cluster');
    await drainCluster(ecs, cluster);
    const arns = agents.agents.map((a) => a.containerInstanceArn);
    await agents.stop();
    agents = undefined;
    await removeClusterContainers(docker, cluster);
    for (const arn of arns) await ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: arn, force: true }));
    await ecs.send(new DeleteClusterCommand({ cluster }));

    // ── 2. what metrics cost ──
    const costCluster = 'bench-cost';
    console.log(`▸ ${HOLLOW} hollow instances, 60 tasks, ${PERIODS} periods`);
    await ecs.send(new CreateClusterCommand({ clusterName: costCluster }));
    fleet = await startHollowFleet({
      endpoint: stack.endpoint,
      cluster: costCluster,
      count: HOLLOW,
      joinToken: await stack.joinToken(costCluster),
      usageIntervalMs: usageIntervalFor(PERIOD),
      stateDir: mkdtempSync(join(tmpdir(), 'berth-bench-hollow-')),
    });
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bench-tiny',
        containerDefinitions: [{ name: 'app', image: 'hollow', cpu: 64, memory: 64 }],
      }),
    );
    await ecs.send(new CreateServiceCommand({ cluster: costCluster, serviceName: 'tiny', taskDefinition: 'bench-tiny', desiredCount: 60 }));
    console.log('▸ waiting for 60 running tasks');
    for (;;) {
      const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster: costCluster, services: ['tiny'] }))).services!;
      if (svc.runningCount === 60) break;
      await sleep(1000);
    }
    // Whole periods only: from the next boundary on.
    const firstPeriod = Math.ceil(Date.now() / 1000 / PERIOD) * PERIOD;
    await sleep(firstPeriod * 1000 - Date.now());
    const putsBefore = twin.calls.get('PutMetricData') ?? 0;
    for (let i = 1; i <= PERIODS; i++) {
      await sleep(PERIOD * 1000);
      console.log(`  period ${i}/${PERIODS}`);
    }
    await sleep(2000); // the last period's publication (0.5 s after its end)
    const puts = (twin.calls.get('PutMetricData') ?? 0) - putsBefore;
    const ctx = buildAppContext(
      readConfig({
        BERTH_TABLE: table,
        BERTH_DYNAMODB_ENDPOINT: stack.dynamodbEndpoint,
        BERTH_METRIC_PERIOD_SECONDS: String(PERIOD),
        BERTH_CLOUDWATCH_ENDPOINT: stack.endpoint,
      }),
    );
    let usageItems = 0;
    for (let p = firstPeriod; p < firstPeriod + PERIODS * PERIOD; p += PERIOD)
      usageItems += (await ctx.usage.forPeriod(costCluster, p)).length;
    const writesPerInstancePeriod = usageItems / HOLLOW / PERIODS;
    console.log(`▸ stopping the hollow fleet, then one publication metered`);
    await fleet.stop();
    fleet = undefined;

    // One publication, metered: the next period of the cost cluster, published from here.
    const meter = new CapacityMeter();
    const clock = (Math.floor(Date.now() / 1000 / PERIOD) + 1) * PERIOD * 1000 + 100;
    const metered = buildAppContext(
      readConfig({
        BERTH_TABLE: table,
        BERTH_DYNAMODB_ENDPOINT: stack.dynamodbEndpoint,
        BERTH_METRIC_PERIOD_SECONDS: String(PERIOD),
        BERTH_CLOUDWATCH_ENDPOINT: stack.endpoint,
      }),
      {
        clock: { now: () => clock },
        instrument: (db) => meter.attach(db),
      },
    );
    const published = await publishClusterMetrics(metered, costCluster);

    console.log('\nbench:autoscale');
    console.log(`  load start → first scale-out:        ${s(firstOut! - t0)}`);
    console.log(`  load start → maximum (4 running):    ${s(atMax - t0)}`);
    console.log(
      `  PutMetricData per cluster per period: ${(puts / PERIODS).toFixed(2)} (${puts} calls in ${PERIODS} periods, 1 cluster; goal ≤ 1)`,
    );
    console.log(
      `  usage writes per instance: ${writesPerInstancePeriod.toFixed(2)} per period = ${(writesPerInstancePeriod * (3600 / PERIOD)).toFixed(0)}/h at ${PERIOD} s, ${(writesPerInstancePeriod * 60).toFixed(0)}/h at the default 60 s (goal ≤ 60/h; was 1 per task per usage report: 3 tasks × 180/h = 540/h)`,
    );
    console.log(
      `  one publication of a cluster (${HOLLOW} instances, 1 service, ${published.data} metric data): ${meter.write.toFixed(1)} WCU, ${meter.read.toFixed(1)} RCU; ${Object.entries(
        meter.calls,
      )
        .map(([c, v]) => `${c.replace('Command', '')} ×${v.count}`)
        .join(', ')}`,
    );
  } finally {
    await agents?.stop();
    await removeClusterContainers(docker, 'bench-burn').catch(() => {});
    await fleet?.stop();
    await stack.stop();
    rmSync(loadDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
