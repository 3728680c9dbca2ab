/**
 * npm run bench:cost — DynamoDB capacity Berth consumes (ReturnConsumedCapacity
 * on every call), in process against DynamoDB Local:
 *  1. per task launched: create services, place, agents report RUNNING, steady;
 *  2. per reconcile pass of a steady cluster with 100 services.
 *   BENCH_SERVICES (default 100), BENCH_TASKS_PER_SERVICE (default 5), BENCH_INSTANCES (default 25)
 */
import { CapacityMeter } from '../src/adapters/dynamodb/capacity-meter.js';
import { agentPoll } from '../src/app/agent-calls/agent-poll.js';
import { UsageAccumulator } from '../src/app/metrics/usage-accumulator.js';
import { cachedDefinitions } from '../src/api/agent-http.js';
import { createCluster } from '../src/app/clusters/create-cluster.js';
import { registerContainerInstance } from '../src/app/container-instances/register-container-instance.js';
import { reconcileClusterPass } from '../src/app/reconcile/run-reconcile.js';
import { createService } from '../src/app/services/create-service.js';
import { registerTaskDefinition } from '../src/app/task-definitions/register-task-definition.js';
import { readConfig } from '../src/config.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { ensureTables } from '../infra/local/ensure-tables.js';
import { freePort } from '../infra/local/ports.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const PER_SERVICE = Number(process.env.BENCH_TASKS_PER_SERVICE ?? 5);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 25);
const cluster = 'cost';

async function main() {
  console.log(`▸ bench:cost — ${SERVICES} services × ${PER_SERVICE} tasks on ${INSTANCES} instances (DynamoDB Local, in memory)`);
  const ddb = await startDynamoDbLocal({ port: await freePort() });
  try {
    await ensureTables(ddb.endpoint, 'berth-cost');
    const meter = new CapacityMeter();
    const ctx = buildAppContext(readConfig({ BERTH_TABLE: 'berth-cost', BERTH_DYNAMODB_ENDPOINT: ddb.endpoint }), {
      instrument: (db) => meter.attach(db),
    });
    await createCluster({ clusterName: cluster }, ctx);
    const arns: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const out = await registerContainerInstance(
        {
          cluster,
          totalResources: [
            { name: 'CPU', type: 'INTEGER', integerValue: 8192 },
            { name: 'MEMORY', type: 'INTEGER', integerValue: 32768 },
          ],
          attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` }],
        },
        ctx,
      );
      arns.push(out.containerInstance!.containerInstanceArn!);
    }
    await registerTaskDefinition(
      { family: 'app', containerDefinitions: [{ name: 'app', image: 'x', cpu: 32, memory: 64, portMappings: [{ containerPort: 80 }] }] },
      ctx,
    );
    // As functions/agent-api builds them: revisions cached per process, heartbeats throttled.
    const deps = {
      definitions: cachedDefinitions(ctx),
      heartbeats: new Map<string, number>(),
      usage: new UsageAccumulator(ctx.usage, ctx.autoscaling.metricPeriodSeconds),
    };
    // An agent's poll: report every assigned task as RUNNING.
    const agentsReport = async () => {
      for (const arn of arns) {
        const first = await agentPoll({ cluster, containerInstanceArn: arn }, ctx, deps);
        const reports = first.tasks
          .filter((t) => t.desiredStatus === 'RUNNING')
          .map((t) => ({ taskArn: t.taskArn, status: 'RUNNING' as const, containers: [] }));
        if (reports.length) await agentPoll({ cluster, containerInstanceArn: arn, reports }, ctx, deps);
      }
    };

    meter.reset();
    for (let s = 0; s < SERVICES; s++)
      await createService({ cluster, serviceName: `svc-${s}`, taskDefinition: 'app', desiredCount: PER_SERVICE }, ctx);
    let passes = 0;
    for (;;) {
      process.stdout.write(`  launch pass ${++passes}\r`);
      const summary = await reconcileClusterPass(ctx, cluster);
      await agentsReport();
      const services = await ctx.services.listAll(cluster);
      if (services.every((s) => s.record.runningCount === PER_SERVICE && s.record.deployments.length === 1) && summary.placed === 0) break;
      if (passes > 50) throw new Error('services did not become steady');
    }
    const tasks = SERVICES * PER_SERVICE;
    console.log(`\nLaunch: ${tasks} tasks in ${passes} passes (includes ${passes} polls per instance)`);
    console.log(`  total RCU ${meter.read.toFixed(1)}, WCU ${meter.write.toFixed(1)}`);
    console.log(`  per task launched: ${(meter.read / tasks).toFixed(2)} RCU, ${(meter.write / tasks).toFixed(2)} WCU`);
    printCalls(meter);

    // Steady: let dirty marks settle, then measure one pass.
    await reconcileClusterPass(ctx, cluster);
    meter.reset();
    const summary = await reconcileClusterPass(ctx, cluster);
    console.log(
      `\nSteady reconcile pass over ${SERVICES} services / ${tasks} tasks: ${meter.read.toFixed(1)} RCU, ${meter.write.toFixed(1)} WCU; services whose tasks were read: ${summary.servicesReconciled}`,
    );
    printCalls(meter);
    console.log(
      `  ${meter.calls.QueryCommand && summary.servicesReconciled === 0 ? 'no task was read: the steady pass stays off the task items' : 'tasks were read'}`,
    );
  } finally {
    await ddb.stop();
  }
}

function printCalls(meter: CapacityMeter) {
  for (const [command, c] of Object.entries(meter.calls))
    console.log(
      `    ${command.padEnd(22)} ${String(c.count).padStart(5)} calls  ${c.read.toFixed(1).padStart(8)} RCU  ${c.write.toFixed(1).padStart(8)} WCU`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
