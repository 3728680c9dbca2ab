/**
 * npm run bench:agent — what the host agent itself costs: resident memory
 * (VmRSS) and CPU (utime + stime from /proc) of one real agent process
 * (bin/berth-agent.mjs: Docker driver when Docker Engine answers, else the
 * process driver) against the local stack, idle and with 20 tiny tasks.
 *   BENCH_WINDOW_S (default 20) seconds per measurement: one usage interval,
 *     so each window includes one round of usage sampling
 *   BENCH_TASKS (default 20)
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalAgents, type LocalAgents } from '../infra/local/local-agents.js';
import { freePort } from '../infra/local/ports.js';
import { startLocalStack } from '../infra/local/stack.js';
import { pingDocker } from '../src/agent/runtime/detect.js';
import { LABEL } from '../src/agent/runtime/docker/labels.js';
import { CLOCK_TICKS_PER_SECOND, readProcStat, readRssBytes } from '../src/agent/runtime/process/proc-stats.js';
import { ensureLocalImage, TEST_IMAGE } from '../src/agent/test-image.js';

const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 20);
const TASKS = Number(process.env.BENCH_TASKS ?? 20);
const cluster = 'bench-agent';
const service = 'bench-agent-sleep';
const MIB = 1024 * 1024;

interface Sample {
  phase: string;
  tasks: number;
  rssAvgMib: number;
  rssMaxMib: number;
  cpuPercent: number;
}

/** RSS every second and CPU time over the whole window; CPU% is of one core. */
async function measure(pid: number, phase: string, tasks: number): Promise<Sample> {
  const rss: number[] = [];
  const start = readProcStat(pid);
  const t0 = performance.now();
  for (let s = 1; s <= WINDOW_S; s++) {
    await sleep(1000);
    rss.push(readRssBytes(pid) / MIB);
    process.stdout.write(`  measuring ${phase}: ${s}/${WINDOW_S} s\r`);
  }
  const end = readProcStat(pid);
  if (!start || !end) throw new Error(`the agent (pid ${pid}) exited during the ${phase} measurement`);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (end.cpuTicks - start.cpuTicks) / CLOCK_TICKS_PER_SECOND;
  process.stdout.write('\n');
  return {
    phase,
    tasks,
    rssAvgMib: rss.reduce((a, b) => a + b, 0) / rss.length,
    rssMaxMib: Math.max(...rss),
    cpuPercent: (cpuSeconds / seconds) * 100,
  };
}

/** How many of `arns` have this last status (DescribeTasks takes 100 at a time). */
async function countStatus(ecs: ECSClient, arns: string[], status: 'RUNNING' | 'STOPPED'): Promise<number> {
  let n = 0;
  for (let i = 0; i < arns.length; i += 100) {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
    n += tasks!.filter((t) => t.lastStatus === status).length;
  }
  return n;
}

async function waitFor(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

async function main() {
  console.log('▸ bench:agent — starting the local stack (in memory)');
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName: 'berth-bench-agent',
    log: (l) => console.log(`  ${l}`),
  });
  const docker = new Docker();
  const driver = (await pingDocker(docker)) ? 'docker' : 'process';
  const stateRoot = mkdtempSync(join(tmpdir(), 'berth-bench-agent-'));
  const ecs = new ECSClient({
    endpoint: stack.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  let agents: LocalAgents | undefined;
  try {
    if (driver === 'docker') {
      console.log(`▸ ensuring the image ${TEST_IMAGE}`);
      await ensureLocalImage(docker);
    }
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    console.log(`▸ starting one agent (${driver} driver)`);
    agents = await startLocalAgents({
      endpoint: stack.endpoint,
      cluster,
      count: 1,
      stateRoot,
      driver,
      joinToken: await stack.joinToken(cluster),
      log: (l) => console.log(`  ${l}`),
    });
    const { pid } = agents.agents[0];
    // Past start-up: the garbage of compiling the agent's TypeScript is collected by then.
    console.log(`  agent pid ${pid}; letting it settle for 15 s`);
    await sleep(15_000);
    const idle = await measure(pid, 'idle', 0);

    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: service,
        containerDefinitions: [{ name: 'app', image: TEST_IMAGE, command: ['sleep', '3600'], cpu: 16, memory: 16, stopTimeout: 1 }],
      }),
    );
    console.log(`▸ starting a service of ${TASKS} tasks`);
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: service, taskDefinition: service, desiredCount: TASKS }));
    let arns: string[] = [];
    await waitFor(`${TASKS} running tasks`, async () => {
      arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: service }))).taskArns!;
      const running = await countStatus(ecs, arns, 'RUNNING');
      process.stdout.write(`  tasks running: ${running}/${TASKS}\r`);
      return running === TASKS;
    });
    process.stdout.write('\n');
    const loaded = await measure(pid, `${TASKS} tasks`, TASKS);

    console.log(`\nAgent process overhead (${driver} driver, ${WINDOW_S} s windows, CPU % of one core):`);
    console.log(`  ${'phase'.padEnd(10)} ${'tasks'.padStart(5)} ${'RSS avg'.padStart(10)} ${'RSS max'.padStart(10)} ${'CPU'.padStart(8)}`);
    for (const s of [idle, loaded]) {
      console.log(
        `  ${s.phase.padEnd(10)} ${String(s.tasks).padStart(5)} ${`${s.rssAvgMib.toFixed(1)} MiB`.padStart(10)} ${`${s.rssMaxMib.toFixed(1)} MiB`.padStart(10)} ${`${s.cpuPercent.toFixed(2)} %`.padStart(8)}`,
      );
    }

    console.log('▸ cleaning up: scaling to 0 so the agent stops its tasks');
    await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount: 0 }));
    await waitFor('the tasks to stop', async () => (await countStatus(ecs, arns, 'STOPPED')) === arns.length);
    await ecs.send(new DeleteServiceCommand({ cluster, service, force: true }));
  } finally {
    await agents?.stop('SIGTERM');
    if (driver === 'docker') {
      // Stopped tasks' containers stay for the agent's cleanup wait (3 h); the bench leaves nothing behind.
      const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL.cluster}=${cluster}`] } });
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    }
    rmSync(stateRoot, { recursive: true, force: true });
    ecs.destroy();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(`✘ ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
