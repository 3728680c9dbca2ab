/**
 * npm run bench:cluster-scale — cluster autoscaling on the whole local stack
 * with BERTH_METRIC_PERIOD_SECONDS=10 and real containers: a local Auto
 * Scaling group of one small instance (256 CPU units, 256 MiB) behind a
 * capacity provider (managed scaling, target 100 %, warm-up 10 s), then a
 * burst of N tasks (200 units each: one per instance) by RunTask. Seconds from
 * the burst (N−1 tasks PROVISIONING) to all RUNNING, split into: the scale
 * decision (burst → SetDesiredCapacity by scale-cluster), the instances' start
 * (→ last one registered), and placement + container start (→ all RUNNING);
 * against the ideal: one alarm period (CapacityProviderReservation's first
 * datapoint above target is enough: 1 of 1) plus one agent's start time,
 * measured on the group's first instance.
 * Env: BENCH_TASKS (default 5, at most 10), BENCH_RUNS (default 2).
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import Docker from 'dockerode';
import { freePort } from '../infra/local/ports.js';
import { startLocalStack } from '../infra/local/stack.js';
import { localEcsClient } from '../infra/local/walkthrough/local-ecs.js';
import { ensureLocalImage, TEST_IMAGE } from '../src/agent/test-image.js';

const PERIOD = 10;
const TASKS = Math.min(10, Math.max(2, Number(process.env.BENCH_TASKS ?? 5)));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 2));
const CLUSTER = 'bench-cluster-scale';
const GROUP = 'bench-cluster-scale-asg';
const PROVIDER = 'bench-cluster-scale-cp';
const POLL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(line);

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let next = Date.now() + 15_000;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (Date.now() > next) {
      say(`    … still waiting for ${what}`);
      next += 15_000;
    }
    await sleep(POLL_MS);
  }
}

async function main() {
  say(`▸ bench:cluster-scale — metric period ${PERIOD} s, bursts of ${TASKS} tasks, ${RUNS} run(s)`);
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName: 'berth-bench-cluster-scale',
    env: { BERTH_METRIC_PERIOD_SECONDS: String(PERIOD) },
    log: (l) => say(`  ${l}`),
  });
  const ecs = localEcsClient(stack.endpoint);
  const asg = new AutoScalingClient({
    endpoint: stack.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    await ensureLocalImage(new Docker());
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bench-cluster-scale',
        containerDefinitions: [{ name: 'idle', image: TEST_IMAGE, cpu: 200, memory: 128, stopTimeout: 2, command: ['/bin/sleep', '3600'] }],
      }),
    );
    say('▸ a group of 1 instance (256 CPU units, 256 MiB)');
    const created = Date.now();
    await asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: GROUP,
        LaunchTemplate: { LaunchTemplateName: 'berth-local-agent' },
        MinSize: 1,
        MaxSize: TASKS + 1,
        DesiredCapacity: 1,
        NewInstancesProtectedFromScaleIn: true,
        AvailabilityZones: ['us-east-1a', 'us-east-1b'],
        Tags: [
          { Key: 'berth:cluster', Value: CLUSTER },
          { Key: 'berth:instance-cpu', Value: '256' },
          { Key: 'berth:instance-memory', Value: '256' },
        ],
      }),
    );
    await waitFor('the first instance', async () => (await instanceCount(ecs)) === 1, 90_000);
    const agentStartMs = Date.now() - created;
    say(`  one agent's start (CreateAutoScalingGroup → registered): ${s(agentStartMs)}`);
    const [group] = (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }))).AutoScalingGroups!;
    await ecs.send(
      new CreateCapacityProviderCommand({
        name: PROVIDER,
        autoScalingGroupProvider: {
          autoScalingGroupArn: group!.AutoScalingGroupARN!,
          managedScaling: {
            status: 'ENABLED',
            targetCapacity: 100,
            minimumScalingStepSize: 1,
            maximumScalingStepSize: 10,
            instanceWarmupPeriod: 10,
          },
          managedTerminationProtection: 'ENABLED',
        },
      }),
    );
    await ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: CLUSTER,
        capacityProviders: [PROVIDER],
        defaultCapacityProviderStrategy: [{ capacityProvider: PROVIDER, weight: 1 }],
      }),
    );
    // The provider's alarms start from INSUFFICIENT_DATA: let a period with a reservation of 0 % pass first.
    await sleep(2 * PERIOD * 1000);

    const results: { totalMs: number; decideMs: number; instancesMs: number; placeMs: number; provisioning: number }[] = [];
    for (let run = 1; run <= RUNS; run++) {
      say(`▸ run ${run}: RunTask --count ${TASKS}`);
      const burst = Date.now();
      const out = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'bench-cluster-scale', count: TASKS }));
      if (out.failures?.length) throw new Error(`RunTask failures: ${JSON.stringify(out.failures)}`);
      const provisioning = out.tasks!.filter((t) => t.lastStatus === 'PROVISIONING').length;
      const arns = out.tasks!.map((t) => t.taskArn!);
      let lastRegistered = 0;
      await waitFor(
        'every task RUNNING',
        async () => {
          if ((await instanceCount(ecs)) >= TASKS && !lastRegistered) lastRegistered = Date.now();
          const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }));
          return tasks!.every((t) => t.lastStatus === 'RUNNING');
        },
        300_000,
      );
      const done = Date.now();
      const activities = (await asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: GROUP }))).Activities!;
      const scaled = activities
        .map((a) => a.StartTime!.getTime())
        .filter((t) => t >= burst)
        .sort((a, b) => a - b)[0];
      const decided = scaled ?? done;
      const registered = lastRegistered || done;
      results.push({
        totalMs: done - burst,
        decideMs: decided - burst,
        instancesMs: registered - decided,
        placeMs: done - registered,
        provisioning,
      });
      say(
        `  ${provisioning} of ${TASKS} PROVISIONING → all RUNNING in ${s(done - burst)} (decision ${s(decided - burst)}, instances ${s(registered - decided)}, placement + start ${s(done - registered)})`,
      );
      if (run < RUNS) await reset(ecs, asg, arns);
    }
    const ideal = PERIOD * 1000 + agentStartMs;
    const mean = results.reduce((a, r) => a + r.totalMs, 0) / results.length;
    say('');
    say(`bench:cluster-scale (period ${PERIOD} s, ${TASKS} tasks per burst, ${RUNS} run(s))`);
    say(`  burst → all RUNNING:  mean ${s(mean)}  (runs: ${results.map((r) => s(r.totalMs)).join(', ')})`);
    say(
      `    scale decision:     ${results.map((r) => s(r.decideMs)).join(', ')}  (≤ 1 period to close + the alarm's 1 period + the twin's evaluation tick)`,
    );
    say(`    instances start:    ${results.map((r) => s(r.instancesMs)).join(', ')}`);
    say(`    placement + start:  ${results.map((r) => s(r.placeMs)).join(', ')}`);
    say(`  ideal (1 alarm period + one agent's start ${s(agentStartMs)}): ${s(ideal)}  →  ratio ${(mean / ideal).toFixed(2)}`);
  } finally {
    await asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: GROUP, ForceDelete: true })).catch(() => undefined);
    await waitFor(
      'the group deleted',
      async () => !(await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }))).AutoScalingGroups!.length,
      120_000,
    ).catch(() => undefined);
    ecs.destroy();
    asg.destroy();
    await stack.stop();
  }
}

async function instanceCount(ecs: ECSClient): Promise<number> {
  return (await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER, status: 'ACTIVE' }))).containerInstanceArns!.length;
}

/** Back to one idle instance for the next burst: stop the tasks, terminate the other instances (decrementing the group), let the alarm settle. */
async function reset(ecs: ECSClient, asg: AutoScalingClient, arns: string[]) {
  say('  resetting: stopping the tasks, terminating all but one instance');
  for (const task of arns) await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task, reason: 'bench reset' }));
  await waitFor(
    'the tasks stopped',
    async () => (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns!.length === 0,
    60_000,
  );
  const arnsOfInstances = (await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER }))).containerInstanceArns!;
  const { containerInstances } = await ecs.send(
    new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: arnsOfInstances }),
  );
  for (const ci of containerInstances!.slice(1)) {
    await asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: ci.ec2InstanceId!, ShouldDecrementDesiredCapacity: true }));
  }
  await waitFor('one instance left', async () => (await instanceCount(ecs)) === 1, 120_000);
  await sleep(3 * PERIOD * 1000);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
