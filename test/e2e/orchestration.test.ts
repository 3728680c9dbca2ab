import {
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateContainerInstancesStateCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  waitUntilTasksRunning,
  waitUntilTasksStopped,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HollowFleet } from '../../src/agent/hollow/fleet.js';
import { ecsClient } from '../support/ecs-client.js';
import { startStackFleet } from '../support/stack-fleet.js';
import { waitUntil } from '../support/wait.js';

const ecs = ecsClient();
const cluster = 'orchestration';
let fleet: HollowFleet;
const wait = { client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 };

beforeAll(async () => {
  fleet = await startStackFleet(ecs, cluster, 4);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'berth-test/web:1', cpu: 128, memory: 128, portMappings: [{ containerPort: 80 }] }],
    }),
  );
});

afterAll(async () => {
  await fleet?.stop();
});

describe('tasks and services on hollow container instances', () => {
  it('registers the fleet with zones, resources and connected agents', async () => {
    const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({ cluster }));
    expect(containerInstanceArns).toHaveLength(4);
    const { containerInstances } = await ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: containerInstanceArns }),
    );
    for (const ci of containerInstances!) {
      expect(ci.agentConnected).toBe(true);
      expect(ci.registeredResources?.find((r) => r.name === 'CPU')?.integerValue).toBe(1024);
    }
    const filtered = await ecs.send(
      new ListContainerInstancesCommand({ cluster, filter: 'attribute:ecs.availability-zone == us-east-1a' }),
    );
    expect(filtered.containerInstanceArns).toHaveLength(2);
  });

  it('runs a task to RUNNING with a dynamic host port, then stops it with the user reason', async () => {
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'web', startedBy: 'e2e' }));
    expect(run.failures).toEqual([]);
    const arn = run.tasks![0].taskArn!;
    await waitUntilTasksRunning(wait, { cluster, tasks: [arn] });
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks!;
    expect(task.lastStatus).toBe('RUNNING');
    expect(task.containers![0].networkBindings![0].hostPort).toBeGreaterThanOrEqual(49153);
    expect((await ecs.send(new ListTasksCommand({ cluster, startedBy: 'e2e' }))).taskArns).toEqual([arn]);

    await ecs.send(new StopTaskCommand({ cluster, task: arn }));
    await waitUntilTasksStopped(wait, { cluster, tasks: [arn] });
    const [stopped] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks!;
    expect(stopped).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user',
    });
    expect((await ecs.send(new ListTasksCommand({ cluster, startedBy: 'e2e', desiredStatus: 'STOPPED' }))).taskArns).toEqual([arn]);
  });

  it('reports RunTask failures in ECS words when nothing fits', async () => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'huge', containerDefinitions: [{ name: 'a', image: 'x', cpu: 4096, memory: 128 }] }),
    );
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'huge' }));
    expect(run.tasks).toEqual([]);
    expect(run.failures![0].reason).toBe('RESOURCE:CPU');
  });

  it('creates a service that `wait services-stable` accepts, scales it up and down, and deletes it', async () => {
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 3 }));
    await waitUntilServicesStable(wait, { cluster, services: ['web'] });
    let [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services!;
    expect(svc).toMatchObject({ runningCount: 3, desiredCount: 3, pendingCount: 0 });
    expect(svc.events![0].message).toBe('(service web) has reached a steady state.');
    // Spread over zones: three tasks in three zones.
    const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns!;
    const tasks = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks!;
    const instances = (
      await ecs.send(
        new DescribeContainerInstancesCommand({ cluster, containerInstances: [...new Set(tasks.map((t) => t.containerInstanceArn!))] }),
      )
    ).containerInstances!;
    const zones = new Set(instances.map((i) => i.attributes!.find((a) => a.name === 'ecs.availability-zone')!.value));
    expect(zones.size).toBe(3);

    await ecs.send(new UpdateServiceCommand({ cluster, service: 'web', desiredCount: 6 }));
    await waitUntilServicesStable(wait, { cluster, services: ['web'] });
    await ecs.send(new UpdateServiceCommand({ cluster, service: 'web', desiredCount: 2 }));
    await waitUntilServicesStable(wait, { cluster, services: ['web'] });
    [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services!;
    expect(svc.runningCount).toBe(2);
    expect((await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns).toHaveLength(2);

    // A stopped service task is replaced.
    const [victim] = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns!;
    await ecs.send(new StopTaskCommand({ cluster, task: victim, reason: 'chaos' }));
    await waitUntil('a replacement task', async () => {
      const live = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns!;
      return live.length === 2 && !live.includes(victim) ? live : undefined;
    });
    await waitUntilServicesStable(wait, { cluster, services: ['web'] });

    await expect(ecs.send(new DeleteServiceCommand({ cluster, service: 'web' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(ecs.send(new DeleteClusterCommand({ cluster }))).rejects.toMatchObject({ name: 'ClusterContainsServicesException' });
    await ecs.send(new DeleteServiceCommand({ cluster, service: 'web', force: true }));
    await waitUntil('the service to become INACTIVE', async () => {
      const [s] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services!;
      return s.status === 'INACTIVE' ? s : undefined;
    });
    expect((await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns).toEqual([]);
  });

  it('rolls a new task definition out within maximumPercent and minimumHealthyPercent', async () => {
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'roll',
        taskDefinition: 'web:1',
        desiredCount: 2,
        deploymentConfiguration: { maximumPercent: 150, minimumHealthyPercent: 50 },
      }),
    );
    await waitUntilServicesStable(wait, { cluster, services: ['roll'] });
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'berth-test/web:2', cpu: 128, memory: 128, portMappings: [{ containerPort: 80 }] }],
      }),
    );
    await ecs.send(new UpdateServiceCommand({ cluster, service: 'roll', taskDefinition: taskDefinition!.taskDefinitionArn }));
    let maxLive = 0;
    await waitUntil(
      'the rollout to complete',
      async () => {
        const live = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'roll' }))).taskArns!;
        maxLive = Math.max(maxLive, live.length);
        const [s] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['roll'] }))).services!;
        return s.deployments!.length === 1 && s.deployments![0].rolloutState === 'COMPLETED' && s.runningCount === 2 ? s : undefined;
      },
      90_000,
    );
    // 150% of 2 = 3 tasks at most at any time.
    expect(maxLive).toBeLessThanOrEqual(3);
    const tasks = (
      await ecs.send(
        new DescribeTasksCommand({ cluster, tasks: (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'roll' }))).taskArns! }),
      )
    ).tasks!;
    for (const t of tasks) expect(t.taskDefinitionArn).toBe(taskDefinition!.taskDefinitionArn);
  });

  it('moves service tasks off a DRAINING instance', async () => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'roll' }))).taskArns!;
    const [first] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks!;
    await ecs.send(
      new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [first.containerInstanceArn!], status: 'DRAINING' }),
    );
    await waitUntil(
      'no service task left on the draining instance',
      async () => {
        const live = (await ecs.send(new ListTasksCommand({ cluster, containerInstance: first.containerInstanceArn, serviceName: 'roll' })))
          .taskArns!;
        return live.length === 0;
      },
      60_000,
    );
    await waitUntilServicesStable(wait, { cluster, services: ['roll'] });
    await ecs.send(
      new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [first.containerInstanceArn!], status: 'ACTIVE' }),
    );
  });

  it('replaces the service tasks of a lost agent elsewhere, and the returning agent stops its stale copies', async () => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'roll' }))).taskArns!;
    const [victimTask] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks!;
    const victim = fleet.instances.find((i) => i.agent.containerInstanceArn === victimTask.containerInstanceArn)!;
    await victim.kill();
    await waitUntil(
      'the instance to show agentConnected=false',
      async () => {
        const [ci] = (
          await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [victimTask.containerInstanceArn!] }))
        ).containerInstances!;
        return ci.agentConnected === false;
      },
      30_000,
    );
    await waitUntil(
      'the lost task to be STOPPED and replaced',
      async () => {
        const [t] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [victimTask.taskArn!] }))).tasks!;
        const [s] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['roll'] }))).services!;
        return t.lastStatus === 'STOPPED' && s.runningCount === 2 ? t : undefined;
      },
      60_000,
    );
    const live = (
      await ecs.send(
        new DescribeTasksCommand({ cluster, tasks: (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'roll' }))).taskArns! }),
      )
    ).tasks!;
    for (const t of live) expect(t.containerInstanceArn).not.toBe(victimTask.containerInstanceArn);

    await victim.restart();
    await waitUntil('the returning agent to drop its stale copy', async () => victim.status().tasks.RUNNING === 0, 30_000);
  });
});
