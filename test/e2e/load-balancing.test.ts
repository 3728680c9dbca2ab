/**
 * Services behind a load balancer, end to end: the local stack (its ELBv2
 * twin on the same endpoint), three Docker agents running real containers,
 * and only stock clients (the ECS and ELBv2 SDKs, plain HTTP through the
 * listener). Under BERTH_REQUIRE_DOCKER=1 (CI) a missing Docker Engine fails.
 */
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, waitUntilTargetInService } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureLoadBalancer, localElbClient, type LocalLoadBalancer } from '../../infra/local/walkthrough/load-balancer.js';
import { failureCount, startRequestLoop } from '../../infra/local/walkthrough/request-loop.js';
import { HEALTH_PATH, servedBy, webTaskDefinition } from '../../infra/local/walkthrough/web-task-definition.js';
import { ensureLocalImage } from '../../src/agent/test-image.js';
import { describeDocker, docker, taskContainers } from '../integration/docker/docker-env.js';
import { startAgentCluster, type AgentCluster } from '../support/agent-cluster.js';
import { ecsClient } from '../support/ecs-client.js';
import { waitUntil } from '../support/wait.js';

const ecs = ecsClient();
const elb = localElbClient(inject('ecsEndpoint'));
const cluster = 'lb-docker';
const SERVICE = 'web';
const FAMILY = `${cluster}-web`;
const SPREAD = [
  { type: 'spread' as const, field: 'attribute:ecs.availability-zone' },
  { type: 'spread' as const, field: 'instanceId' },
];

let lc: AgentCluster;
let lb: LocalLoadBalancer;

async function describeService(): Promise<Service> {
  return (await ecs.send(new DescribeServicesCommand({ cluster, services: [SERVICE] }))).services![0];
}

async function serviceTasks(): Promise<Task[]> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: SERVICE }));
  if (!taskArns?.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks!;
}

async function targetStates(): Promise<Map<number, string>> {
  const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: lb.targetGroupArn }));
  return new Map(out.TargetHealthDescriptions!.map((d) => [d.Target!.Port!, d.TargetHealth!.State!]));
}

const hostPortOf = (t: Task) => t.containers?.[0]?.networkBindings?.find((b) => b.containerPort === 80)?.hostPort;
const containerOf = (t: Task) => t.containers?.[0]?.runtimeId?.slice(0, 12);

/** Stable as `aws ecs wait services-stable` sees it, every task on `taskDefinition`, every target healthy. */
async function waitSettled(taskDefinition: string, count = 3) {
  await settled(taskDefinition, count).catch(async (err) => {
    const s = await describeService();
    const tasks = await serviceTasks();
    console.log(
      'not settled:',
      JSON.stringify({ deployments: s.deployments, running: s.runningCount, events: s.events?.slice(0, 8).map((e) => e.message) }),
    );
    console.log(
      'tasks:',
      JSON.stringify(
        tasks.map((t) => [t.taskArn?.slice(-6), t.taskDefinitionArn?.slice(-2), t.lastStatus, t.desiredStatus, hostPortOf(t)]),
      ),
    );
    console.log('targets:', JSON.stringify([...(await targetStates())]));
    throw err;
  });
}

async function settled(taskDefinition: string, count: number) {
  await waitUntil(
    `${SERVICE} settled on ${taskDefinition}`,
    async () => {
      const s = await describeService();
      if (s.deployments?.length !== 1 || s.runningCount !== count || s.deployments[0].rolloutState !== 'COMPLETED') return false;
      const tasks = await serviceTasks();
      if (tasks.length !== count || tasks.some((t) => t.taskDefinitionArn !== taskDefinition || t.lastStatus !== 'RUNNING')) return false;
      const states = await targetStates();
      return tasks.every((t) => states.get(hostPortOf(t)!) === 'healthy') && [...states.values()].every((s) => s === 'healthy');
    },
    120_000,
    500,
  );
}

describeDocker('services behind a local load balancer (Docker agents)', () => {
  let rev1: string;

  beforeAll(async () => {
    await ensureLocalImage(docker);
    lc = await startAgentCluster(ecs, cluster, 'docker');
    lb = await ensureLoadBalancer(elb, { name: 'e2e-web', deregistrationDelaySeconds: 3 });
  });
  afterAll(async () => lc?.teardown());

  it('serves a service of 3 through the listener from all 3 tasks, registered as ECS registers them', async () => {
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(webTaskDefinition('docker', FAMILY)));
    rev1 = taskDefinition!.taskDefinitionArn!;
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: SERVICE,
        taskDefinition: rev1,
        desiredCount: 3,
        placementStrategy: SPREAD,
        loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 80 }],
        healthCheckGracePeriodSeconds: 10,
      }),
    );
    expect(created.service!.loadBalancers).toEqual([{ targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 80 }]);
    await waitUntilServicesStable({ client: ecs, maxWaitTime: 90, minDelay: 1, maxDelay: 1 }, { cluster, services: [SERVICE] });
    await waitUntilTargetInService({ client: elb, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TargetGroupArn: lb.targetGroupArn });
    await waitSettled(rev1);

    const tasks = await serviceTasks();
    const answered = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await fetch(lb.url);
      expect(res.status).toBe(200);
      answered.add(servedBy(await res.text())!.container!);
    }
    expect([...answered].sort()).toEqual(tasks.map(containerOf).sort());
    const events = (await describeService()).events!.map((e) => e.message!);
    expect(
      events.some((m) => new RegExp(`^\\(service web\\) registered \\d targets in \\(target-group ${lb.targetGroupArn}\\)$`).test(m)),
    ).toBe(true);
  });

  it('rolls out a new revision under continuous requests with zero failed requests', async () => {
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(webTaskDefinition('docker', FAMILY)));
    const rev2 = taskDefinition!.taskDefinitionArn!;
    const old = new Set((await serviceTasks()).map(containerOf));
    const loop = startRequestLoop(lb.url, 4);
    await ecs.send(new UpdateServiceCommand({ cluster, service: SERVICE, taskDefinition: rev2 }));
    await waitSettled(rev2);
    await new Promise((r) => setTimeout(r, 1000));
    const result = await loop.stop();
    const fresh = new Set((await serviceTasks()).map(containerOf));
    expect(failureCount(result), JSON.stringify([...result.failures])).toBe(0);
    expect(result.requests).toBeGreaterThan(100);
    // Both generations served: the old ones until drained, the new ones once healthy.
    expect([...old].some((c) => result.servedBy.has(c!))).toBe(true);
    expect([...fresh].every((c) => result.servedBy.has(c!))).toBe(true);
    const events = (await describeService()).events!.map((e) => e.message!);
    expect(
      events.some((m) => m.startsWith('(service web) deregistered ') && m.endsWith(`targets in (target-group ${lb.targetGroupArn})`)),
    ).toBe(true);
  });

  it('drains a task before scale-in stops it, with no failed request', async () => {
    const before = await serviceTasks();
    const loop = startRequestLoop(lb.url, 4);
    await ecs.send(new UpdateServiceCommand({ cluster, service: SERVICE, desiredCount: 2 }));
    // Watch the task picked to stop: deregistered (draining or gone from the group) while its container still runs.
    const seen: string[] = [];
    let victim: Task | undefined;
    await waitUntil(
      'the scaled-in task to stop',
      async () => {
        const tasks = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: before.map((t) => t.taskArn!) }))).tasks!;
        victim = tasks.find((t) => t.desiredStatus === 'STOPPED');
        if (!victim) return false;
        const state = (await targetStates()).get(hostPortOf(victim)!) ?? 'deregistered';
        const running = (await taskContainers(victim.taskArn!)).some((c) => c.State === 'running');
        seen.push(`${victim.lastStatus}/${state}/${running ? 'container running' : 'container stopped'}`);
        return victim.lastStatus === 'STOPPED';
      },
      60_000,
      100,
    );
    const result = await loop.stop();
    expect(failureCount(result), JSON.stringify([...result.failures])).toBe(0);
    expect(victim!.stoppedReason).toMatch(/^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
    // It went through DEACTIVATING, and its container never stopped while ELB could still send it requests.
    expect(seen.some((s) => s.startsWith('DEACTIVATING/'))).toBe(true);
    expect(seen.filter((s) => s.endsWith('container stopped')).every((s) => /\/(draining|deregistered)\//.test(s))).toBe(true);
    expect((await describeService()).events!.map((e) => e.message!)).toContain('(service web) has begun draining connections on 1 tasks.');
    await ecs.send(new UpdateServiceCommand({ cluster, service: SERVICE, desiredCount: 3 }));
    await waitSettled((await describeService()).taskDefinition!);
  });

  it('replaces a task whose target fails its health checks, with ECS’s reason', async () => {
    const [victim] = await serviceTasks();
    const [container] = await taskContainers(victim.taskArn!);
    const exec = await docker.getContainer(container.Id).exec({ Cmd: ['/bin/busybox', 'rm', `/www${HEALTH_PATH}`] });
    await exec.start({});
    const stopped = await waitUntil(
      'the unhealthy task to be stopped',
      async () => {
        const [t] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [victim.taskArn!] }))).tasks!;
        return t.lastStatus === 'STOPPED' ? t : undefined;
      },
      90_000,
      500,
    );
    expect(stopped.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${lb.targetGroupArn})`);
    const events = (await describeService()).events!.map((e) => e.message!);
    expect(events.some((m) => m.includes(`(port ${hostPortOf(victim)}) is unhealthy in (target-group ${lb.targetGroupArn})`))).toBe(true);
    await waitSettled((await describeService()).taskDefinition!);
  });

  it('deregisters a task stopped with StopTask before its agent stops it', async () => {
    const [victim] = await serviceTasks();
    const out = await ecs.send(new StopTaskCommand({ cluster, task: victim.taskArn!, reason: 'checking draining' }));
    expect(out.task).toMatchObject({ desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING' });
    await waitUntil(
      'its target to leave the group',
      async () => !['healthy', 'initial'].includes((await targetStates()).get(hostPortOf(victim)!) ?? 'gone'),
      30_000,
    );
    await waitUntil('the task to stop', async () => {
      const [t] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [victim.taskArn!] }))).tasks!;
      return t.lastStatus === 'STOPPED';
    });
    await waitSettled((await describeService()).taskDefinition!);
  });

  it('refuses load balancers that the task definition or ELB cannot back, and changes nothing', async () => {
    const bad = (loadBalancers: object[]) =>
      ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: 'bad',
          taskDefinition: rev1,
          desiredCount: 1,
          loadBalancers: loadBalancers as never,
        }),
      );
    await expect(bad([{ targetGroupArn: lb.targetGroupArn, containerName: 'nope', containerPort: 80 }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'The container nope does not exist in the task definition.',
    });
    await expect(bad([{ targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 8080 }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'The container web did not have a container port 8080 defined.',
    });
    const missing = lb.targetGroupArn.replace(/[0-9a-f]{16}$/, '0000000000000000');
    await expect(bad([{ targetGroupArn: missing, containerName: 'web', containerPort: 80 }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: `The target group with targetGroupArn ${missing} does not exist.`,
    });
    await expect(bad([{ loadBalancerName: 'classic', containerName: 'web', containerPort: 80 }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    const six = Array.from({ length: 6 }, () => ({ targetGroupArn: lb.targetGroupArn, containerName: 'web', containerPort: 80 }));
    await expect(bad(six)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect((await ecs.send(new DescribeServicesCommand({ cluster, services: ['bad'] }))).failures).toEqual([
      expect.objectContaining({ reason: 'MISSING' }),
    ]);
  });
});
