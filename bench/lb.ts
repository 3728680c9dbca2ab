/**
 * npm run bench:lb — the local load balancer on real containers: the local
 * stack (in memory, free ports) with its ELBv2 twin, 3 Docker agents, and a
 * web service of 3 tasks behind a listener.
 *  1. Requests per second and p50/p99 latency through the listener versus
 *     straight to one task's host port, same client, same concurrency.
 *  2. A rolling deployment of the 3 tasks (new revision) under continuous
 *     load through the listener: failed requests (goal 0), and the latency
 *     clients saw meanwhile.
 * The client runs in a process of its own (bench/lib/load-client.ts).
 *   BENCH_SECONDS (default 10) per throughput measurement
 *   BENCH_CONCURRENCY (default 8) concurrent keep-alive clients
 */
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ensureLoadBalancer, localElbClient, type LocalLoadBalancer } from '../infra/local/walkthrough/load-balancer.js';
import { failureCount, type LoopResult } from '../infra/local/walkthrough/request-loop.js';
import { taskUrl } from '../infra/local/walkthrough/task-urls.js';
import { webTaskDefinition } from '../infra/local/walkthrough/web-task-definition.js';
import { startDockerBench } from './lib/bench-stack.js';
import { startLoadClient } from './lib/load-client.js';
import { fmt, summarize } from './lib/stats.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CLUSTER = 'bench-lb';
const SERVICE = 'web';
const FAMILY = 'bench-lb-web';
const SETTLE_TIMEOUT_MS = 180_000;

const say = (line: string) => console.log(line);

async function main() {
  say('▸ bench:lb — starting the local stack (in memory) with its ELBv2 twin');
  const bench = await startDockerBench('bench-lb', CLUSTER, 3);
  const { ecs } = bench;
  const elb = localElbClient(bench.stack.endpoint);
  try {
    const lb = await ensureLoadBalancer(elb, { name: 'bench-lb', deregistrationDelaySeconds: 5 });
    say(`▸ load balancer listening on ${lb.url}`);
    const rev1 = await register(ecs);
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: rev1,
        desiredCount: 3,
        placementStrategy: [{ type: 'spread', field: 'instanceId' }],
        loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 80 }],
      }),
    );
    say('▸ service of 3 behind it: waiting until stable with every target healthy…');
    let t0 = Date.now();
    await settled(ecs, elb, lb, rev1);
    say(`  settled in ${secs(Date.now() - t0)}`);

    const direct = await oneTaskUrl(ecs);
    say(`\n▸ throughput: ${SECONDS} s each, ${CONCURRENCY} concurrent keep-alive clients`);
    const viaDirect = await measure(direct);
    report(`straight to one task (${direct})`, viaDirect);
    const viaLb = await measure(lb.url);
    report(`through the load balancer (${lb.url})`, viaLb);
    const rps = (r: LoopResult) => r.requests / (r.elapsedMs / 1000);
    say(
      `  load balancer / direct: ${(rps(viaLb) / rps(viaDirect)).toFixed(2)}× the requests per second, ` +
        `p50 +${fmt(summarize(viaLb.latenciesMs).p50 - summarize(viaDirect.latenciesMs).p50)}, p99 +${fmt(summarize(viaLb.latenciesMs).p99 - summarize(viaDirect.latenciesMs).p99)}`,
    );

    say(`\n▸ rolling deployment of 3 tasks (new revision) under continuous load through ${lb.url}`);
    const rev2 = await register(ecs);
    const loop = startLoadClient(lb.url, CONCURRENCY);
    await new Promise((r) => setTimeout(r, 1000));
    t0 = Date.now();
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, taskDefinition: rev2 }));
    await settled(ecs, elb, lb, rev2);
    const deployMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    const during = await loop.stop();
    report('during the deployment', during);
    const failed = failureCount(during);
    say(`  deployment settled in ${secs(deployMs)}; tasks that answered: ${during.servedBy.size} (3 old, 3 new)`);
    say(
      `  failed requests: ${failed} of ${during.requests}${failed ? ` (${JSON.stringify([...during.failures])})` : ''} — goal 0: ${failed === 0 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await bench.stop();
  }
}

async function register(ecs: ECSClient): Promise<string> {
  const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(webTaskDefinition('docker', FAMILY)));
  return taskDefinition!.taskDefinitionArn!;
}

/** One deployment, COMPLETED, 3 running tasks of `taskDefinition`, every target in the group healthy. */
async function settled(ecs: ECSClient, elb: ElasticLoadBalancingV2Client, lb: LocalLoadBalancer, taskDefinition: string) {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const [s] = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }))).services!;
    if (
      s.deployments?.length === 1 &&
      s.deployments[0].rolloutState === 'COMPLETED' &&
      s.deployments[0].taskDefinition === taskDefinition &&
      s.runningCount === 3
    ) {
      const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: lb.targetGroupArn }));
      const states = health.TargetHealthDescriptions!.map((d) => d.TargetHealth!.State);
      if (states.length === 3 && states.every((x) => x === 'healthy')) return;
    }
    if (Date.now() > deadline) throw new Error(`service not settled on ${taskDefinition} after ${SETTLE_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function oneTaskUrl(ecs: ECSClient): Promise<string> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE }));
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: taskArns!.slice(0, 1) }));
  return taskUrl(tasks![0])!.url;
}

/** A run of SECONDS, timed by the client itself (its start-up does not count). */
async function measure(url: string): Promise<LoopResult> {
  return startLoadClient(url, CONCURRENCY, SECONDS).done();
}

function report(what: string, r: LoopResult) {
  const s = summarize(r.latenciesMs);
  const failed = failureCount(r);
  say(
    `  ${what}\n    ${(r.requests / (r.elapsedMs / 1000)).toFixed(0)} req/s, p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}, max ${fmt(s.max)}, ${r.requests} requests, ${failed} failed`,
  );
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
