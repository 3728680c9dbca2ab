import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListAttributesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  PutAttributesCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  StopTaskCommand,
  SubmitContainerStateChangeCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  DeleteAccountSettingCommand,
  ListAccountSettingsCommand,
  PutAccountSettingCommand,
  DescribeClustersCommand,
  UpdateContainerInstancesStateCommand,
  GetTaskProtectionCommand,
  UpdateTaskProtectionCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsCli } from '../support/aws-cli.js';
import { ecsClient } from '../support/ecs-client.js';
import { registerBareInstance, reportTask, startHeartbeat } from '../support/heartbeat-instances.js';
import { waitUntil } from '../support/wait.js';

/**
 * `aws ecs wait` (the stock CLI v2 and its waiters-2.json), success and
 * failure acceptors, and the request members the other e2e files do not
 * reach. The instances only heartbeat; tasks move by ECS's own
 * SubmitTaskStateChange / SubmitContainerStateChange, as an ECS agent reports.
 */
const ecs = ecsClient();
const cluster = 'waiters';
const instances: string[] = [];
/** Hosts of the DAEMON test only, so that no other test's tasks run on them. */
const daemonHosts: string[] = [];
let heartbeat: ReturnType<typeof startHeartbeat>;

/** The AWS CLI v2 against the local endpoint: exit code and output, failures included. */
const aws = awsCli(inject('ecsEndpoint')).run;

const report = (task: string, status: 'RUNNING' | 'STOPPED', extra: Parameters<typeof reportTask>[4] = {}) =>
  reportTask(ecs, cluster, task, status, extra);

beforeAll(async () => {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  for (const zone of ['us-east-1a', 'us-east-1b'])
    instances.push(await registerBareInstance(ecs, cluster, zone, `i-0${zone.slice(-1)}waiter`));
  heartbeat = startHeartbeat(cluster, () => [...instances, ...daemonHosts]);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'waiters',
      requiresCompatibilities: ['EC2'],
      runtimePlatform: { operatingSystemFamily: 'LINUX' },
      containerDefinitions: [
        { name: 'a', image: 'x', cpu: 128, memory: 128, disableNetworking: false, interactive: true, pseudoTerminal: true },
      ],
    }),
  );
});

afterAll(() => heartbeat?.stop());

describe('aws ecs wait', () => {
  it('tasks-running succeeds once every task is RUNNING; tasks-stopped once every task is STOPPED', async () => {
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'waiters', count: 2 }));
    const arns = run.tasks!.map((t) => t.taskArn!);
    for (const arn of arns) await report(arn, 'RUNNING', { pullStartedAt: new Date(Date.now() - 2000), pullStoppedAt: new Date() });
    const running = await aws('ecs', 'wait', 'tasks-running', '--cluster', cluster, '--tasks', ...arns);
    expect(running.stderr).toBe('');
    expect(running.code).toBe(0);

    for (const arn of arns) await ecs.send(new StopTaskCommand({ cluster, task: arn, reason: 'done' }));
    const stoppedAt = new Date();
    for (const arn of arns) await report(arn, 'STOPPED', { reason: 'done', executionStoppedAt: stoppedAt });
    const stopped = await aws('ecs', 'wait', 'tasks-stopped', '--cluster', cluster, '--tasks', ...arns);
    expect(stopped.code).toBe(0);
    const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }));
    for (const t of described.tasks!) {
      expect(t.lastStatus).toBe('STOPPED');
      expect(t.pullStartedAt).toBeInstanceOf(Date);
      expect(t.pullStoppedAt).toBeInstanceOf(Date);
      expect(t.containers![0].exitCode).toBe(0);
      expect(t.containers![0].runtimeId).toMatch(/^docker-/);
    }
  });

  it('tasks-running fails fast on a STOPPED task and on a MISSING one', async () => {
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'waiters' }));
    const arn = run.tasks![0].taskArn!;
    await ecs.send(new StopTaskCommand({ cluster, task: arn }));
    await report(arn, 'STOPPED');
    const stopped = await aws('ecs', 'wait', 'tasks-running', '--cluster', cluster, '--tasks', arn);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toMatch(/Waiter TasksRunning failed: Waiter encountered a terminal failure state/);
    const missing = await aws('ecs', 'wait', 'tasks-running', '--cluster', cluster, '--tasks', 'no-such-task-id');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/terminal failure state/);
    // A terminal failure, not "Max attempts exceeded": the failure acceptors matched.
    expect(missing.stderr).not.toMatch(/Max attempts/);
  });

  it('services-stable succeeds on one deployment at its desired count; fails on a MISSING service', async () => {
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'idle', taskDefinition: 'waiters', desiredCount: 0 }));
    const stable = await aws('ecs', 'wait', 'services-stable', '--cluster', cluster, '--services', 'idle');
    expect(stable.code).toBe(0);
    const missing = await aws('ecs', 'wait', 'services-stable', '--cluster', cluster, '--services', 'ghost');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/Waiter ServicesStable failed: Waiter encountered a terminal failure state/);
  });

  it('services-inactive succeeds after delete-service; services-stable then fails on the INACTIVE service', async () => {
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'gone', taskDefinition: 'waiters', desiredCount: 0 }));
    expect((await aws('ecs', 'delete-service', '--cluster', cluster, '--service', 'gone')).code).toBe(0);
    const inactive = await aws('ecs', 'wait', 'services-inactive', '--cluster', cluster, '--services', 'gone');
    expect(inactive.code).toBe(0);
    const stable = await aws('ecs', 'wait', 'services-stable', '--cluster', cluster, '--services', 'gone');
    expect(stable.code).not.toBe(0);
    expect(stable.stderr).toMatch(/terminal failure state/);
    const missing = await aws('ecs', 'wait', 'services-inactive', '--cluster', cluster, '--services', 'ghost');
    expect(missing.code).not.toBe(0);
  }, 120_000);
});

describe('request members Berth honours', () => {
  it('runs with overrides, group, tags, placement constraints and strategy; starts with overrides on a named instance', async () => {
    const run = await ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: 'waiters',
        group: 'batch:nightly',
        tags: [{ key: 'team', value: 'data' }],
        placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' }],
        placementStrategy: [{ type: 'binpack', field: 'memory' }],
        overrides: {
          cpu: '256',
          memory: '512',
          containerOverrides: [
            {
              name: 'a',
              command: ['echo', 'hi'],
              environment: [{ name: 'MODE', value: 'x' }],
              cpu: 64,
              memory: 256,
              memoryReservation: 128,
            },
          ],
        },
      }),
    );
    const task = run.tasks![0];
    expect(task.group).toBe('batch:nightly');
    expect(task.containerInstanceArn).toBe(instances[1]);
    expect(task.overrides?.containerOverrides?.[0]).toMatchObject({ name: 'a', command: ['echo', 'hi'], memoryReservation: 128 });
    expect(task.overrides).toMatchObject({ cpu: '256', memory: '512' });
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: task.taskArn! }))).tags).toEqual([{ key: 'team', value: 'data' }]);
    await ecs.send(new UntagResourceCommand({ resourceArn: task.taskArn!, tagKeys: ['team'] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: task.taskArn! }))).tags).toEqual([]);

    const started = await ecs.send(
      new StartTaskCommand({
        cluster,
        taskDefinition: 'waiters',
        containerInstances: [instances[0]],
        group: 'pinned',
        overrides: { containerOverrides: [{ name: 'a', command: ['true'] }] },
      }),
    );
    expect(started.tasks![0]).toMatchObject({ group: 'pinned', containerInstanceArn: instances[0] });
    expect(started.tasks![0].overrides?.containerOverrides?.[0].command).toEqual(['true']);
  });

  it('records the identity document, lists attributes by value, keeps ECS as the deployment controller', async () => {
    const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: instances }));
    expect(containerInstances!.map((ci) => ci.ec2InstanceId)).toEqual(['i-0awaiter', 'i-0bwaiter']);
    await ecs.send(new PutAttributesCommand({ cluster, attributes: [{ name: 'tier', value: 'gold', targetId: instances[0] }] }));
    const listed = await ecs.send(
      new ListAttributesCommand({ cluster, targetType: 'container-instance', attributeName: 'tier', attributeValue: 'gold' }),
    );
    expect(listed.attributes!.map((a) => a.targetId)).toEqual([instances[0]]);
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'controlled',
        taskDefinition: 'waiters',
        desiredCount: 0,
        deploymentController: { type: 'ECS' },
        placementConstraints: [{ type: 'distinctInstance' }],
        placementStrategy: [{ type: 'spread', field: 'instanceId' }],
      }),
    );
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['controlled'] }))).services![0];
    expect(svc.deploymentController).toEqual({ type: 'ECS' });
    expect(svc.placementConstraints).toEqual([{ type: 'distinctInstance' }]);
    expect(svc.placementStrategy).toEqual([{ type: 'spread', field: 'instanceId' }]);
  });

  it('propagates service tags to its tasks; forceNewDeployment starts a deployment', async () => {
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'tagged',
        taskDefinition: 'waiters',
        desiredCount: 1,
        launchType: 'EC2',
        tags: [{ key: 'owner', value: 'svc' }],
        propagateTags: 'SERVICE',
      }),
    );
    const [arn] = await waitUntil('the service task', async () => {
      const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'tagged' }))).taskArns!;
      return arns.length ? arns : undefined;
    });
    const task = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn], include: ['TAGS'] }))).tasks![0];
    expect(task.tags).toEqual([{ key: 'owner', value: 'svc' }]);
    expect(task.startedBy).toMatch(/^ecs-svc\//);
    const before = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['tagged'] }))).services![0].deployments![0].id;
    await ecs.send(new UpdateServiceCommand({ cluster, service: 'tagged', forceNewDeployment: true }));
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['tagged'] }))).services![0];
    expect(svc.deployments![0]).toMatchObject({ status: 'PRIMARY', taskDefinition: expect.stringMatching(/waiters:1$/) });
    expect(svc.deployments![0].id).not.toBe(before);
    expect(svc.propagateTags).toBe('SERVICE');
  });

  it('reports a container on its own (runtimeId, exitCode, networkBindings) without moving the task', async () => {
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'waiters' }));
    const arn = run.tasks![0].taskArn!;
    await ecs.send(
      new SubmitContainerStateChangeCommand({
        cluster,
        task: arn,
        containerName: 'a',
        runtimeId: 'docker-own',
        status: 'RUNNING',
        networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49200, protocol: 'tcp' }],
      }),
    );
    const t = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks![0];
    expect(t.lastStatus).toBe('PENDING');
    expect(t.containers![0]).toMatchObject({ runtimeId: 'docker-own', lastStatus: 'RUNNING' });
    await ecs.send(new SubmitContainerStateChangeCommand({ cluster, task: arn, containerName: 'a', status: 'STOPPED', exitCode: 3 }));
    expect((await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks![0].containers![0].exitCode).toBe(3);
  });
});

describe('request members Berth does not act on are refused, and change nothing', () => {
  it('refuses awsvpc networking and ExecuteCommand on create-service (stock CLI)', async () => {
    const before = (await ecs.send(new ListServicesCommand({ cluster }))).serviceArns!.length;
    const network = await aws(
      'ecs',
      'create-service',
      '--cluster',
      cluster,
      '--service-name',
      'vpc',
      '--task-definition',
      'waiters',
      '--desired-count',
      '1',
      '--network-configuration',
      'awsvpcConfiguration={subnets=[subnet-1]}',
    );
    expect(network.code).not.toBe(0);
    expect(network.stderr).toMatch(/InvalidParameterException.*Berth does not support networkConfiguration on CreateService/);
    const exec = await aws(
      'ecs',
      'create-service',
      '--cluster',
      cluster,
      '--service-name',
      'exec',
      '--task-definition',
      'waiters',
      '--desired-count',
      '1',
      '--enable-execute-command',
    );
    expect(exec.stderr).toMatch(/InvalidParameterException.*Berth does not support enableExecuteCommand on CreateService/);
    expect((await ecs.send(new ListServicesCommand({ cluster }))).serviceArns).toHaveLength(before);
  });

  it('registers a Fargate (awsvpc) task definition, as ECS does, but refuses to run it', async () => {
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'fargate-only',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'a', image: 'x' }],
      }),
    );
    const before = (await ecs.send(new ListTasksCommand({ cluster }))).taskArns!.length;
    await expect(ecs.send(new RunTaskCommand({ cluster, taskDefinition: taskDefinition!.taskDefinitionArn }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/networkMode awsvpc/),
    });
    expect((await ecs.send(new ListTasksCommand({ cluster }))).taskArns).toHaveLength(before);
  });

  it('refuses secrets in a task definition without registering a revision', async () => {
    const refused = await aws(
      'ecs',
      'register-task-definition',
      '--family',
      'secretive',
      '--container-definitions',
      JSON.stringify([
        { name: 'a', image: 'x', memory: 64, secrets: [{ name: 'PW', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/pw' }] },
      ]),
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/InvalidParameterException.*containerDefinitions.secrets.*no secrets backend/);
    expect((await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'secretive' }))).taskDefinitionArns).toEqual([]);
  });
});

describe('task scale-in protection', () => {
  it('keeps a protected task through scale-in; answers TASK_NOT_VALID, MISSING and out-of-range expiries as ECS does', async () => {
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'workers', taskDefinition: 'waiters', desiredCount: 2 }));
    const arns = await waitUntil('two worker tasks', async () => {
      const listed = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'workers' }))).taskArns!;
      return listed.length === 2 ? listed : undefined;
    });
    for (const arn of arns) await report(arn, 'RUNNING');
    const [keep, drop] = arns as [string, string];

    const updated = await aws(
      'ecs',
      'update-task-protection',
      '--cluster',
      cluster,
      '--tasks',
      keep,
      '--protection-enabled',
      '--expires-in-minutes',
      '60',
    );
    expect(updated.code).toBe(0);
    const out = JSON.parse(updated.stdout);
    expect(out.protectedTasks).toEqual([{ taskArn: keep, protectionEnabled: true, expirationDate: expect.any(String) }]);
    expect(Date.parse(out.protectedTasks[0].expirationDate) - Date.now()).toBeGreaterThan(59 * 60_000);
    const got = await ecs.send(new GetTaskProtectionCommand({ cluster, tasks: [keep, drop, 'ghost'] }));
    expect(got.protectedTasks!.map((p) => [p.taskArn, p.protectionEnabled])).toEqual([
      [keep, true],
      [drop, false],
    ]);
    expect(got.failures!.map((f) => f.reason)).toEqual(['MISSING']);

    await ecs.send(new UpdateServiceCommand({ cluster, service: 'workers', desiredCount: 0 }));
    await waitUntil('the unprotected task to be told to stop', async () => {
      const t = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [drop] }))).tasks![0];
      return t.desiredStatus === 'STOPPED';
    });
    const kept = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [keep] }))).tasks![0];
    expect(kept.desiredStatus).toBe('RUNNING');

    // Protection off: the next pass scales it in.
    await ecs.send(new UpdateTaskProtectionCommand({ cluster, tasks: [keep], protectionEnabled: false }));
    await waitUntil('the task to be stopped once unprotected', async () => {
      const t = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [keep] }))).tasks![0];
      return t.desiredStatus === 'STOPPED';
    });

    const standalone = (await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'waiters' }))).tasks![0].taskArn!;
    const invalid = await ecs.send(new UpdateTaskProtectionCommand({ cluster, tasks: [standalone, 'ghost'], protectionEnabled: true }));
    expect(invalid.protectedTasks).toEqual([]);
    expect(invalid.failures!.map((f) => f.reason)).toEqual(['TASK_NOT_VALID', 'MISSING']);
    await expect(
      ecs.send(new UpdateTaskProtectionCommand({ cluster, tasks: [keep], protectionEnabled: true, expiresInMinutes: 2881 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('a DAEMON service', () => {
  const host = async (name: string) => {
    const out = await ecs.send(
      new RegisterContainerInstanceCommand({
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
          { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
        ],
        attributes: [
          { name: 'ecs.availability-zone', value: 'us-east-1c' },
          { name: 'role', value: 'collector' },
          { name: 'host-name', value: name },
        ],
      }),
    );
    daemonHosts.push(out.containerInstance!.containerInstanceArn!);
    return out.containerInstance!.containerInstanceArn!;
  };
  const tasksOn = async () => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'collector' }))).taskArns!;
    if (!arns.length) return [];
    return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks!.filter((t) => t.desiredStatus === 'RUNNING');
  };

  it('runs one task per matching instance, follows an instance joining and draining; refuses placement strategies', async () => {
    const first = await host('h1');
    const refused = await aws(
      'ecs',
      'create-service',
      '--cluster',
      cluster,
      '--service-name',
      'collector',
      '--task-definition',
      'waiters',
      '--scheduling-strategy',
      'DAEMON',
      '--placement-strategy',
      'type=spread,field=instanceId',
    );
    expect(refused.stderr).toMatch(/InvalidParameterException.*Placement strategies are not supported with the DAEMON scheduling strategy/);
    const created = await aws(
      'ecs',
      'create-service',
      '--cluster',
      cluster,
      '--service-name',
      'collector',
      '--task-definition',
      'waiters',
      '--scheduling-strategy',
      'DAEMON',
      '--placement-constraints',
      'type=memberOf,expression=attribute:role==collector',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).service).toMatchObject({
      schedulingStrategy: 'DAEMON',
      deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 0 },
    });
    await waitUntil('the daemon task on the first host', async () => {
      const tasks = await tasksOn();
      return tasks.length === 1 && tasks[0]!.containerInstanceArn === first;
    });

    const second = await host('h2');
    await waitUntil('a daemon task on the host that joined', async () => {
      const on = (await tasksOn()).map((t) => t.containerInstanceArn).sort();
      return on.length === 2 && on.includes(second);
    });
    await waitUntil('desiredCount to follow', async () => {
      const svc = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['collector'] }))).services![0]!;
      return svc.desiredCount === 2;
    });
    const listed = await ecs.send(new ListServicesCommand({ cluster, schedulingStrategy: 'DAEMON' }));
    expect(listed.serviceArns!.map((a) => a.split('/').at(-1))).toEqual(['collector']);
    await expect(ecs.send(new UpdateServiceCommand({ cluster, service: 'collector', desiredCount: 5 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });

    await ecs.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [second], status: 'DRAINING' }));
    await waitUntil('the drained host to lose its daemon task', async () => {
      const on = (await tasksOn()).map((t) => t.containerInstanceArn);
      return on.length === 1 && on[0] === first;
    });
    // The agent stops it (as a real one would report), then the host comes back.
    const all = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'collector', desiredStatus: 'STOPPED' }))).taskArns!;
    const drained = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: all }))).tasks!.filter(
      (t) => t.containerInstanceArn === second,
    );
    expect(drained).toHaveLength(1);
    for (const t of drained) await report(t.taskArn!, 'STOPPED');
    await ecs.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [second], status: 'ACTIVE' }));
    await waitUntil('the reactivated host to get its daemon task back', async () => (await tasksOn()).length === 2);
  });
});

describe('account settings', () => {
  const alice = 'arn:aws:iam::000000000000:user/alice';
  const root = 'arn:aws:iam::000000000000:root';

  it('are principal-scoped, listed as set or effective, and refuse what Berth cannot honour', async () => {
    const put = await ecs.send(new PutAccountSettingCommand({ name: 'fargateFIPSMode', value: 'enabled', principalArn: alice }));
    expect(put.setting).toEqual({ name: 'fargateFIPSMode', value: 'enabled', principalArn: alice, type: 'user' });
    expect((await ecs.send(new ListAccountSettingsCommand({ principalArn: alice }))).settings).toEqual([put.setting]);
    const effective = await ecs.send(new ListAccountSettingsCommand({ principalArn: alice, effectiveSettings: true, maxResults: 10 }));
    expect(effective.settings).toHaveLength(10);
    expect(effective.nextToken).toBeDefined();
    const rest = await ecs.send(
      new ListAccountSettingsCommand({ principalArn: alice, effectiveSettings: true, nextToken: effective.nextToken }),
    );
    const all = [...effective.settings!, ...rest.settings!];
    expect(all.map((s) => s.name)).toContain('taskLongArnFormat');
    expect(all.find((s) => s.name === 'fargateFIPSMode')).toEqual(put.setting);
    expect(all.find((s) => s.name === 'taskLongArnFormat')).toEqual({
      name: 'taskLongArnFormat',
      value: 'enabled',
      principalArn: root,
      type: 'aws_managed',
    });
    const filtered = await ecs.send(
      new ListAccountSettingsCommand({ principalArn: root, effectiveSettings: true, name: 'fargateFIPSMode', value: 'disabled' }),
    );
    expect(filtered.settings).toEqual([{ name: 'fargateFIPSMode', value: 'disabled', principalArn: root, type: 'aws_managed' }]);

    const deleted = await ecs.send(new DeleteAccountSettingCommand({ name: 'fargateFIPSMode', principalArn: alice }));
    expect(deleted.setting?.value).toBe('enabled');
    expect((await ecs.send(new ListAccountSettingsCommand({ principalArn: alice }))).settings).toEqual([]);

    await expect(ecs.send(new PutAccountSettingCommand({ name: 'taskLongArnFormat', value: 'disabled' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/long ARN format/),
    });
    await expect(ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('the account default of containerInsights is what a new cluster gets (stock CLI)', async () => {
    const set = await aws('ecs', 'put-account-setting-default', '--name', 'containerInsights', '--value', 'enhanced');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).setting).toMatchObject({ name: 'containerInsights', value: 'enhanced', principalArn: root });
    try {
      await ecs.send(new CreateClusterCommand({ clusterName: 'insightful' }));
      const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['insightful'], include: ['SETTINGS'] }));
      expect(clusters![0].settings).toEqual([{ name: 'containerInsights', value: 'enhanced' }]);
      const listed = JSON.parse((await aws('ecs', 'list-account-settings', '--effective-settings', '--name', 'containerInsights')).stdout);
      // (this CLI's model predates Setting.type, so it does not print it)
      expect(listed.settings).toEqual([{ name: 'containerInsights', value: 'enhanced', principalArn: root }]);
    } finally {
      await ecs.send(new DeleteAccountSettingCommand({ name: 'containerInsights', principalArn: root }));
    }
  });
});
