/**
 * npm run bench:push — how long a committed placement or stop takes to reach
 * its agent over the push channel, on the local stack (in memory, free ports,
 * default settings as `npm start` has them) with hollow agents on the
 * WebSocket. The agents are in this process, so the moment one receives an
 * order is observed at its driver (the task manager calls driver.start or
 * driver.stop as it applies the poll answer the wake brought).
 *   BENCH_AGENTS (default 3) agents, BENCH_SAMPLES (default 100) per kind, BENCH_PAUSE_MS (default 100) between samples
 *
 * Measured:
 * - RunTask: from the task's createdAt (the control plane's clock, taken
 *   just before the placement is committed) and from RunTask's answer, to
 *   driver.start on the agent.
 * - Service scale-up (UpdateService +3, placed by the reconciler): from each
 *   task's createdAt and from UpdateService's answer (so with the reconcile
 *   trigger and the whole pass), to driver.start.
 * - StopTask: from the request being sent (an upper bound: the commit is
 *   inside it) and from its answer, to driver.stop.
 * The commit pushes before the API answers, so "from the answer" can be
 * negative: the agent heard of the work before the client did.
 */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { join } from 'node:path';
import { Agent } from '../src/agent/control-loop/agent.js';
import { AgentChannel } from '../src/agent/control-loop/agent-channel.js';
import { HollowDriver } from '../src/agent/hollow/hollow-driver.js';
import type { TaskDriver } from '../src/agent/runtime/task-driver.js';
import { createLogger } from '../src/logging/json-lines-logger.js';
import { startBenchStack } from './lib/bench-stack.js';
import { fmt, summarize } from './lib/stats.js';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 3);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 100);
const CLUSTER = 'bench-push';
const GOAL_P99_MS = 100;
/** How long to wait for an order to reach an agent before the sample counts as lost. */
const RECEIVE_TIMEOUT_MS = 30_000;
const SCALE_STEP = 3;

const say = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When each agent's driver was first asked to start or stop a task: the moment the order reached the agent. */
class Receipts {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();

  record(key: string): void {
    const at = Date.now();
    if (this.seen.has(key)) return;
    this.seen.set(key, at);
    this.waiters.get(key)?.(at);
    this.waiters.delete(key);
  }

  at(key: string): number | undefined {
    return this.seen.get(key);
  }

  wait(key: string): Promise<number> {
    const at = this.seen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${key}: not received within ${RECEIVE_TIMEOUT_MS / 1000} s`)), RECEIVE_TIMEOUT_MS);
      this.waiters.set(key, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }
}

/** A hollow driver whose start and stop calls are timestamped. */
function recordingDriver(inner: HollowDriver, receipts: Receipts): TaskDriver {
  return {
    name: inner.name,
    start: (spec, onReport) => {
      receipts.record(`start ${spec.taskArn}`);
      return inner.start(spec, onReport);
    },
    stop: (arn, reason, code) => {
      receipts.record(`stop ${arn}`);
      return inner.stop(arn, reason, code);
    },
    adopt: (l) => inner.adopt(l),
    remove: (arn) => inner.remove(arn),
    usage: () => inner.usage(),
    logs: (arn, c, o) => inner.logs(arn, c, o),
    close: () => inner.close(),
  };
}

/**
 * The split of each sample: when the wake frame naming a task arrived at its
 * agent's socket (the agent's frame reader, wrapped here only), against the
 * driver call the poll it answered with led to.
 */
function hookWakes(receipts: Receipts): void {
  const proto = AgentChannel.prototype as unknown as { receive(raw: string): void };
  const receive = proto.receive;
  proto.receive = function (this: AgentChannel, raw: string) {
    if (raw.includes('"wake"')) {
      const frame = JSON.parse(raw) as { type?: string; taskArns?: string[] };
      if (frame.type === 'wake') for (const arn of frame.taskArns ?? []) receipts.record(`wake ${arn}`);
    }
    receive.call(this, raw);
  };
}

async function main() {
  say(`▸ bench:push — ${AGENTS} hollow agents on the push channel, ${SAMPLES} samples per kind`);
  const bench = await startBenchStack('bench-push', CLUSTER);
  const { stack, ecs, stateRoot } = bench;
  const receipts = new Receipts();
  hookWakes(receipts);
  const agents: Agent[] = [];
  try {
    const joinToken = await stack.joinToken(CLUSTER);
    say(`▸ starting ${AGENTS} hollow agents (websocket transport)`);
    for (let i = 0; i < AGENTS; i++) {
      const stateDir = join(stateRoot, `agent-${i}`);
      const agent = new Agent({
        endpoint: stack.endpoint,
        cluster: CLUSTER,
        joinToken,
        driver: recordingDriver(new HollowDriver({ seed: i }), receipts),
        totalResources: { cpu: 16384, memory: 65536 },
        attributes: { 'ecs.availability-zone': `us-east-1${'abc'[i % 3]}` },
        stateDir,
        logger: createLogger({ file: join(stateDir, 'agent.log'), stdout: false }),
        transport: 'websocket',
      });
      await agent.start();
      agents.push(agent);
    }
    await waitFor('every agent on its socket', () => agents.every((a) => a.status().channel));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bench-push',
        containerDefinitions: [{ name: 'app', image: 'hollow', cpu: 16, memory: 32 }],
      }),
    );

    say('▸ warm-up: 5 RunTask + StopTask (Lambda containers, SDK clients, the socket path)');
    for (const arn of await runTasks(ecs, receipts, 5, () => {})) await stopTask(ecs, receipts, arn, () => {});

    const run = { fromCommit: [] as number[], fromAnswer: [] as number[], api: [] as number[], toWake: [] as number[] };
    say(`▸ RunTask × ${SAMPLES} (one task each)`);
    const arns = await runTasks(ecs, receipts, SAMPLES, (s) => {
      run.fromCommit.push(s.fromCommit);
      run.fromAnswer.push(s.fromAnswer);
      run.api.push(s.api);
      if (s.toWake !== undefined) run.toWake.push(s.toWake);
    });

    const stop = { fromRequest: [] as number[], fromAnswer: [] as number[] };
    say(`▸ StopTask × ${arns.length}`);
    let n = 0;
    for (const arn of arns) {
      await stopTask(ecs, receipts, arn, (s) => {
        stop.fromRequest.push(s.fromRequest);
        stop.fromAnswer.push(s.fromAnswer);
      });
      if (++n % 20 === 0) say(`  ${n}/${arns.length} stopped`);
    }

    const steps = Math.max(1, Math.round(SAMPLES / SCALE_STEP));
    say(`▸ service scale-up: ${steps} × UpdateService +${SCALE_STEP} (placed by the reconciler)`);
    const scale = await scaleUp(ecs, receipts, steps);

    say(`\nCommitted order → agent (driver called), ${AGENTS} agents on the WebSocket:`);
    line('RunTask, from createdAt (commit)', run.fromCommit);
    line('RunTask, from the API answer', run.fromAnswer);
    line('  of which createdAt → wake frame', run.toWake);
    line('  (RunTask API latency)', run.api);
    line('scale-up, from createdAt (commit)', scale.fromCreated);
    line('  of which createdAt → wake frame', scale.toWake);
    line('scale-up, from UpdateService answer', scale.fromAnswer);
    line('StopTask, from the request sent', stop.fromRequest);
    line('StopTask, from the API answer', stop.fromAnswer);
    const worst = Math.max(summarize(run.fromCommit).p99, summarize(scale.fromCreated).p99, summarize(stop.fromRequest).p99);
    say(
      `  goal: committed placement/stop → agent p99 ≤ ${GOAL_P99_MS} ms: ${worst <= GOAL_P99_MS ? 'met' : 'NOT met'} (worst p99 ${fmt(worst)})`,
    );
  } finally {
    say('▸ cleaning up');
    await Promise.all(agents.map((a) => a.stop()));
    await bench.stop();
  }
}

function line(name: string, samples: number[]) {
  const s = summarize(samples);
  say(
    `  ${name.padEnd(36)} p50 ${fmt(s.p50).padStart(9)}   p90 ${fmt(s.p90).padStart(9)}   p99 ${fmt(s.p99).padStart(9)}   max ${fmt(s.max).padStart(9)}   n=${s.n}`,
  );
}

async function runTasks(
  ecs: ECSClient,
  receipts: Receipts,
  count: number,
  sample: (s: { fromCommit: number; fromAnswer: number; api: number; toWake?: number }) => void,
): Promise<string[]> {
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const sent = Date.now();
    const out = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'bench-push' }));
    const answered = Date.now();
    const task = out.tasks?.[0];
    if (!task?.taskArn) throw new Error(`RunTask placed nothing: ${JSON.stringify(out.failures)}`);
    const at = await receipts.wait(`start ${task.taskArn}`);
    // No wake seen (a push lost): the task came with a later poll; the split leaves it out.
    const woken = receipts.at(`wake ${task.taskArn}`);
    const created = task.createdAt!.getTime();
    sample({
      fromCommit: at - created,
      fromAnswer: at - answered,
      api: answered - sent,
      toWake: woken === undefined ? undefined : woken - created,
    });
    arns.push(task.taskArn);
    if ((i + 1) % 20 === 0) say(`  ${i + 1}/${count} placed`);
    await sleep(PAUSE_MS);
  }
  return arns;
}

async function stopTask(
  ecs: ECSClient,
  receipts: Receipts,
  arn: string,
  sample: (s: { fromRequest: number; fromAnswer: number }) => void,
): Promise<void> {
  const sent = Date.now();
  await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn, reason: 'bench:push' }));
  const answered = Date.now();
  const at = await receipts.wait(`stop ${arn}`);
  sample({ fromRequest: at - sent, fromAnswer: at - answered });
  await sleep(PAUSE_MS);
}

/** Scales a service up in steps; each new task's createdAt → its driver.start. */
async function scaleUp(
  ecs: ECSClient,
  receipts: Receipts,
  steps: number,
): Promise<{ fromCreated: number[]; fromAnswer: number[]; toWake: number[] }> {
  const service = 'bench-push-svc';
  await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: service, taskDefinition: 'bench-push', desiredCount: 0 }));
  const samples = { fromCreated: [] as number[], fromAnswer: [] as number[], toWake: [] as number[] };
  const seen = new Set<string>();
  try {
    for (let step = 1; step <= steps; step++) {
      await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service, desiredCount: step * SCALE_STEP }));
      const answered = Date.now();
      const fresh = await waitFor(`${SCALE_STEP} new tasks of step ${step}`, async () => {
        const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: service }))).taskArns ?? [];
        const added = arns.filter((a) => !seen.has(a));
        return added.length >= SCALE_STEP ? added : undefined;
      });
      const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: fresh }));
      for (const t of tasks ?? []) {
        seen.add(t.taskArn!);
        const at = await receipts.wait(`start ${t.taskArn}`);
        samples.fromCreated.push(at - t.createdAt!.getTime());
        samples.fromAnswer.push(at - answered);
        const woken = receipts.at(`wake ${t.taskArn}`);
        if (woken !== undefined) samples.toWake.push(woken - t.createdAt!.getTime());
      }
      if (step % 10 === 0) say(`  step ${step}/${steps}: ${seen.size} tasks`);
      await sleep(PAUSE_MS);
    }
  } finally {
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service, force: true })).catch(() => undefined);
  }
  return samples;
}

async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
