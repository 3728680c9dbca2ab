/**
 * npm run bench:scale — the whole local stack with a fleet of hollow
 * instances: a service scaled from 0 to N tasks; time until runningCount = N.
 *   BENCH_INSTANCES (default 50), BENCH_TASKS (default 1000), BENCH_POLL_MS (default 1000)
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHollowFleet } from '../src/agent/hollow/fleet.js';
import { freePort } from '../infra/local/ports.js';
import { startLocalStack } from '../infra/local/stack.js';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 50);
const TASKS = Number(process.env.BENCH_TASKS ?? 1000);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1000);
const GOAL_S = 60;

async function main() {
  console.log(`▸ bench:scale — ${INSTANCES} hollow instances, a service scaled 0 → ${TASKS}`);
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName: 'berth-bench-scale',
    log: (l) => console.log(`  ${l}`),
    env: { BERTH_POLL_INTERVAL_MS: String(POLL_MS) },
    onOfflineOutput: process.env.BENCH_VERBOSE ? (line) => console.log(`  [offline] ${line}`) : undefined,
  });
  const ecs = new ECSClient({
    endpoint: stack.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  let fleet: Awaited<ReturnType<typeof startHollowFleet>> | undefined;
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: 'scale' }));
    console.log(`▸ starting ${INSTANCES} hollow agents`);
    fleet = await startHollowFleet({
      endpoint: stack.endpoint,
      cluster: 'scale',
      joinToken: await stack.joinToken('scale'),
      count: INSTANCES,
      cpu: 4096,
      memory: 16384,
      pollIntervalMs: POLL_MS,
      stateDir: mkdtempSync(join(tmpdir(), 'berth-bench-scale-')),
      onRegistered: (n, total) => n % 10 === 0 && console.log(`  registered ${n}/${total}`),
    });
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'tiny',
        containerDefinitions: [{ name: 'app', image: 'hollow', cpu: 64, memory: 128, portMappings: [{ containerPort: 8080 }] }],
      }),
    );
    await ecs.send(new CreateServiceCommand({ cluster: 'scale', serviceName: 'big', taskDefinition: 'tiny', desiredCount: 0 }));
    const t0 = Date.now();
    await ecs.send(new UpdateServiceCommand({ cluster: 'scale', service: 'big', desiredCount: TASKS }));
    let running = 0;
    let lastPrint = 0;
    while (running < TASKS) {
      await new Promise((r) => setTimeout(r, 250));
      const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster: 'scale', services: ['big'] }))).services!;
      running = svc.runningCount!;
      const elapsed = (Date.now() - t0) / 1000;
      if (Date.now() - lastPrint > 2000) {
        console.log(
          `  ${elapsed.toFixed(1)} s: running ${running}, pending ${svc.pendingCount}, hollow tasks running ${fleet.status().tasks.RUNNING}`,
        );
        lastPrint = Date.now();
      }
      if (elapsed > 600) throw new Error(`gave up after 600 s with ${running} running`);
    }
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `\nService 0 → ${TASKS} tasks on ${INSTANCES} hollow instances: runningCount = ${TASKS} after ${seconds.toFixed(1)} s (${(TASKS / seconds).toFixed(0)} tasks/s) — goal ≤ ${GOAL_S} s: ${seconds <= GOAL_S ? 'met' : 'NOT met'}`,
    );
  } finally {
    await fleet?.stop();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
