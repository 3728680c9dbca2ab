/**
 * Capacity providers, PROVISIONING tasks and managed scaling on DynamoDB
 * Local. The AWS side of Auto Scaling and CloudWatch is mocked with
 * aws-sdk-client-mock and every call Berth makes is checked exactly (the
 * e2e suite runs them against the local twins).
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  SetInstanceProtectionCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsAutoScalingGroups } from '../../../src/adapters/autoscaling/auto-scaling-groups.js';
import { CloudWatchAdapter } from '../../../src/adapters/cloudwatch/cloudwatch-adapter.js';
import { capacityPass } from '../../../src/app/capacity/capacity-pass.js';
import { fireCapacityAlarm } from '../../../src/app/capacity/scale-cluster.js';
import { createCapacityProvider } from '../../../src/app/capacity-providers/create-capacity-provider.js';
import { deleteCapacityProvider } from '../../../src/app/capacity-providers/delete-capacity-provider.js';
import { describeCapacityProviders } from '../../../src/app/capacity-providers/describe-capacity-providers.js';
import { putClusterCapacityProviders } from '../../../src/app/capacity-providers/put-cluster-capacity-providers.js';
import { updateCapacityProvider } from '../../../src/app/capacity-providers/update-capacity-provider.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { deleteCluster } from '../../../src/app/clusters/delete-cluster.js';
import { describeClusters } from '../../../src/app/clusters/describe-clusters.js';
import type { AppContext } from '../../../src/app/context.js';
import { registerContainerInstance } from '../../../src/app/container-instances/register-container-instance.js';
import { PROVISIONING_TIMEOUT_REASON } from '../../../src/app/reconcile/place-provisioning.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { describeTasks } from '../../../src/app/tasks/describe-tasks.js';
import { runTask } from '../../../src/app/tasks/run-task.js';
import { updateTaskProtection } from '../../../src/app/tasks/task-protection.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { expectConsistentAccounting } from '../../support/cluster-invariants.js';
import { freshTable } from '../../support/table.js';

const asg = mockClient(AutoScalingClient);
const cw = mockClient(CloudWatchClient);
const GROUP_ARN =
  'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/asg1';
const SCALE_CLUSTER = 'arn:aws:lambda:us-east-1:000000000000:function:berth-dev-scale-cluster';

let ctx: AppContext;
let now: number;
/** The mocked group: its instances as Auto Scaling reports them. */
let group: AutoScalingGroup;

const groupOf = (ids: string[], extra: Partial<AutoScalingGroup> = {}): AutoScalingGroup => ({
  AutoScalingGroupName: 'asg1',
  AutoScalingGroupARN: GROUP_ARN,
  MinSize: 1,
  MaxSize: 6,
  DesiredCapacity: ids.length,
  DefaultCooldown: 300,
  AvailabilityZones: ['us-east-1a', 'us-east-1b'],
  HealthCheckType: 'EC2',
  CreatedTime: new Date(0),
  NewInstancesProtectedFromScaleIn: true,
  Instances: ids.map((id, i) => ({
    InstanceId: id,
    AvailabilityZone: i % 2 ? 'us-east-1b' : 'us-east-1a',
    LifecycleState: 'InService',
    HealthStatus: 'Healthy',
    ProtectedFromScaleIn: true,
  })),
  Tags: [
    { Key: 'berth:instance-cpu', Value: '512' },
    { Key: 'berth:instance-memory', Value: '512' },
  ],
  ...extra,
});

/** The protection and termination calls sent to Auto Scaling, in order. */
const protectionAndTerminations = () =>
  asg.calls().flatMap((c) => {
    const command = c.args[0];
    if (command instanceof SetInstanceProtectionCommand) {
      expect(command.input.AutoScalingGroupName).toBe('asg1');
      return [['protect', command.input.InstanceIds, command.input.ProtectedFromScaleIn]];
    }
    if (command instanceof TerminateInstanceInAutoScalingGroupCommand)
      return [['terminate', command.input.InstanceId, command.input.ShouldDecrementDesiredCapacity]];
    return [];
  });

const register = (cluster: string, ec2InstanceId: string) =>
  registerContainerInstance(
    {
      cluster,
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 512 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 512 },
      ],
      attributes: [{ name: 'ecs.availability-zone', value: 'us-east-1a' }],
      instanceIdentityDocument: JSON.stringify({ instanceId: ec2InstanceId }),
    },
    ctx,
  );

const managed = {
  status: 'ENABLED' as const,
  targetCapacity: 100,
  minimumScalingStepSize: 1,
  maximumScalingStepSize: 10,
  instanceWarmupPeriod: 0,
};

async function setup(cluster: string) {
  await createCluster({ clusterName: cluster }, ctx);
  await createCapacityProvider(
    {
      name: `cp-${cluster}`,
      autoScalingGroupProvider: { autoScalingGroupArn: GROUP_ARN, managedScaling: managed, managedTerminationProtection: 'ENABLED' },
    },
    ctx,
  );
  await putClusterCapacityProviders(
    {
      cluster,
      capacityProviders: [`cp-${cluster}`],
      defaultCapacityProviderStrategy: [{ capacityProvider: `cp-${cluster}`, weight: 1 }],
    },
    ctx,
  );
  await registerTaskDefinition({ family: 'half', containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 128 }] }, ctx);
}

beforeEach(async () => {
  asg.reset();
  cw.reset();
  group = groupOf(['i-0000000000000000a']);
  asg.on(DescribeAutoScalingGroupsCommand).callsFake(async (input) => ({
    AutoScalingGroups: input.AutoScalingGroupNames?.includes('asg1') ? [group] : [],
  }));
  asg.on(SetDesiredCapacityCommand).resolves({});
  asg.on(SetInstanceProtectionCommand).resolves({});
  asg.on(TerminateInstanceInAutoScalingGroupCommand).resolves({});
  cw.on(PutMetricAlarmCommand).resolves({});
  cw.on(DeleteAlarmsCommand).resolves({});
  now = Date.UTC(2026, 0, 1);
  const config = await freshTable();
  ctx = buildAppContext(
    { ...config, provisioningTimeoutMs: 120_000, metricPeriodSeconds: 10, scaleClusterFunctionArn: SCALE_CLUSTER },
    {
      clock: { now: () => now },
      scalingGroups: new AwsAutoScalingGroups(new AutoScalingClient({ region: 'us-east-1' })),
      cloudwatch: new CloudWatchAdapter(new CloudWatchClient({ region: 'us-east-1' })),
    },
  );
});

const alarmInputs = () => cw.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input);

describe('capacity providers', () => {
  it("own a target-tracking alarm pair while a cluster uses them, with ECS's periods and thresholds", async () => {
    await setup('c1');
    const names = alarmInputs().map((a) => a.AlarmName);
    expect(names).toEqual([
      expect.stringMatching(/^TargetTracking-asg1-AlarmHigh-[0-9a-f-]{36}$/),
      expect.stringMatching(/^TargetTracking-asg1-AlarmLow-/),
    ]);
    const common = {
      Namespace: 'Berth/ECS',
      MetricName: 'CapacityProviderReservation',
      Dimensions: [
        { Name: 'ClusterName', Value: 'c1' },
        { Name: 'CapacityProviderName', Value: 'cp-c1' },
      ],
      Statistic: 'Average',
      Period: 10,
      Threshold: 100,
      Unit: 'Percent',
      TreatMissingData: 'missing',
      ActionsEnabled: true,
      AlarmActions: [SCALE_CLUSTER],
    };
    expect(alarmInputs()).toEqual([
      {
        ...common,
        AlarmName: names[0],
        AlarmDescription: expect.any(String),
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
      },
      {
        ...common,
        AlarmName: names[1],
        AlarmDescription: expect.any(String),
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: 15,
        DatapointsToAlarm: 15,
      },
    ]);

    // A new target updates both; leaving the cluster deletes them.
    await updateCapacityProvider({ name: 'cp-c1', autoScalingGroupProvider: { managedScaling: { ...managed, targetCapacity: 80 } } }, ctx);
    expect(
      alarmInputs()
        .slice(2)
        .map((a) => [a.AlarmName, a.Threshold]),
    ).toEqual([
      [names[0], 80],
      [names[1], 80],
    ]);
    await putClusterCapacityProviders({ cluster: 'c1', capacityProviders: [], defaultCapacityProviderStrategy: [] }, ctx);
    expect(cw.commandCalls(DeleteAlarmsCommand).map((c) => c.args[0].input)).toEqual([{ AlarmNames: names }]);
  });

  it('refuse bad input with ECS errors and change nothing', async () => {
    await createCluster({ clusterName: 'c2' }, ctx);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
      );
    expect(await code(createCapacityProvider({ name: 'x', autoScalingGroupProvider: { autoScalingGroupArn: 'nope' } }, ctx))).toMatch(
      /^ClientException: The specified Auto Scaling group ARN or name is not valid/,
    );
    expect(await code(createCapacityProvider({ name: 'ecs-x', autoScalingGroupProvider: { autoScalingGroupArn: 'asg1' } }, ctx))).toMatch(
      /^InvalidParameterException: The specified capacity provider name is invalid/,
    );
    group = groupOf(['i-0000000000000000a'], { NewInstancesProtectedFromScaleIn: false });
    expect(
      await code(
        createCapacityProvider(
          {
            name: 'x',
            autoScalingGroupProvider: { autoScalingGroupArn: 'asg1', managedScaling: managed, managedTerminationProtection: 'ENABLED' },
          },
          ctx,
        ),
      ),
    ).toMatch(/the Auto Scaling group must have instance protection from scale in enabled/);
    group = groupOf(['i-0000000000000000a']);
    await createCapacityProvider({ name: 'x', autoScalingGroupProvider: { autoScalingGroupArn: 'asg1', managedScaling: managed } }, ctx);
    expect(await code(createCapacityProvider({ name: 'y', autoScalingGroupProvider: { autoScalingGroupArn: 'asg1' } }, ctx))).toMatch(
      /already being used by capacity provider x/,
    );
    expect(
      await code(
        putClusterCapacityProviders(
          { cluster: 'c2', capacityProviders: ['x'], defaultCapacityProviderStrategy: [{ capacityProvider: 'other', weight: 1 }] },
          ctx,
        ),
      ),
    ).toMatch(/cannot contain a capacity provider that is not associated with the cluster/);
    await putClusterCapacityProviders({ cluster: 'c2', capacityProviders: ['x'], defaultCapacityProviderStrategy: [] }, ctx);
    await registerTaskDefinition({ family: 'half', containerDefinitions: [{ name: 'a', image: 'x', cpu: 256, memory: 128 }] }, ctx);
    expect(
      await code(
        runTask(
          {
            cluster: 'c2',
            taskDefinition: 'half',
            capacityProviderStrategy: [
              { capacityProvider: 'x', base: 1, weight: 1 },
              { capacityProvider: 'x', base: 1, weight: 1 },
            ],
          },
          ctx,
        ),
      ),
    ).toMatch(/more than once/);
    expect(
      await code(
        runTask({ cluster: 'c2', taskDefinition: 'half', launchType: 'EC2', capacityProviderStrategy: [{ capacityProvider: 'x' }] }, ctx),
      ),
    ).toMatch(/both a launchType and capacityProviderStrategy/);
    await createService(
      {
        cluster: 'c2',
        serviceName: 's',
        taskDefinition: 'half',
        desiredCount: 0,
        capacityProviderStrategy: [{ capacityProvider: 'x', weight: 1 }],
      },
      ctx,
    );
    expect(await code(deleteCapacityProvider({ capacityProvider: 'x' }, ctx))).toMatch(/^ClientException: .*associated with cluster: c2/);
    expect(
      await code(putClusterCapacityProviders({ cluster: 'c2', capacityProviders: [], defaultCapacityProviderStrategy: [] }, ctx)),
    ).toMatch(/^ResourceInUseException: .*service s uses it/);
    const [c] = (await describeClusters({ clusters: ['c2'] }, ctx)).clusters!;
    expect(c!.capacityProviders).toEqual(['x']);
    expect((await describeCapacityProviders({ capacityProviders: ['x'] }, ctx)).capacityProviders![0]!.status).toBe('ACTIVE');
  });

  it('are listed a page at a time (maxResults, nextToken) when no names are given', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).callsFake(async (input) =>
      // One group per provider: any group this test names exists.
      ({
        AutoScalingGroups: (input.AutoScalingGroupNames ?? []).map((n: string) => ({
          ...group,
          AutoScalingGroupName: n,
          AutoScalingGroupARN: `${GROUP_ARN}-${n}`,
        })),
      }),
    );
    for (const n of ['pa', 'pb', 'pc'])
      await createCapacityProvider(
        {
          name: n,
          autoScalingGroupProvider: { autoScalingGroupArn: `grp-${n}` },
          ...(n === 'pa' ? { tags: [{ key: 'team', value: 'ops' }] } : {}),
        },
        ctx,
      );
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await describeCapacityProviders({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }, ctx);
      expect(page.capacityProviders!.length).toBeLessThanOrEqual(2);
      seen.push(...page.capacityProviders!.map((p) => p.name!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(seen.sort()).toEqual(['pa', 'pb', 'pc']);
    expect(pages).toBe(2);
    // Tags only when asked for: include TAGS.
    expect((await describeCapacityProviders({ capacityProviders: ['pa'] }, ctx)).capacityProviders![0]!.tags).toBeUndefined();
    const include: 'TAGS'[] = ['TAGS'];
    expect((await describeCapacityProviders({ capacityProviders: ['pa'], include }, ctx)).capacityProviders![0]!.tags).toEqual([
      { key: 'team', value: 'ops' },
    ]);
  });

  it('serve one cluster at a time, however many ask at once', async () => {
    for (const c of ['p', 'q', 'r']) await createCluster({ clusterName: c }, ctx);
    await createCapacityProvider({ name: 'shared', autoScalingGroupProvider: { autoScalingGroupArn: 'asg1' } }, ctx);
    const results = await Promise.allSettled(
      ['p', 'q', 'r'].map((cluster) =>
        putClusterCapacityProviders({ cluster, capacityProviders: ['shared'], defaultCapacityProviderStrategy: [] }, ctx),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const owners = (await describeClusters({ clusters: ['p', 'q', 'r'] }, ctx)).clusters!.filter((c) =>
      c.capacityProviders!.includes('shared'),
    );
    expect(owners).toHaveLength(1);
    // Deleting that cluster frees the provider, which can then be deleted.
    await deleteCluster({ cluster: owners[0]!.clusterName }, ctx);
    const out = await deleteCapacityProvider({ capacityProvider: 'shared' }, ctx);
    expect(out.capacityProvider).toMatchObject({ status: 'ACTIVE', updateStatus: 'DELETE_IN_PROGRESS' });
    expect((await describeCapacityProviders({ capacityProviders: ['shared'] }, ctx)).capacityProviders![0]).toMatchObject({
      status: 'INACTIVE',
      updateStatus: 'DELETE_COMPLETE',
    });
  });
});

describe('tasks on a capacity provider', () => {
  it('wait in PROVISIONING, get an instance when the group grows, and scale-cluster sees what they need', async () => {
    await setup('c3');
    await register('c3', 'i-0000000000000000a');
    const out = await runTask({ cluster: 'c3', taskDefinition: 'half', count: 5 }, ctx);
    expect(out.failures).toEqual([]);
    expect(out.tasks!.map((t) => [t.lastStatus, t.capacityProviderName])).toEqual([
      ['PENDING', 'cp-c3'],
      ['PENDING', 'cp-c3'],
      ['PROVISIONING', 'cp-c3'],
      ['PROVISIONING', 'cp-c3'],
      ['PROVISIONING', 'cp-c3'],
    ]);

    // The metric: 1 busy instance, 3 tasks of 256 CPU waiting on 512-CPU instances → 2 more: M = 3, N = 1.
    const data = await capacityPass(ctx, 'c3', await ctx.instances.listAll('c3'), { timestampMs: now, storageResolution: 1 });
    expect(data).toEqual([
      {
        MetricName: 'CapacityProviderReservation',
        Dimensions: [
          { Name: 'ClusterName', Value: 'c3' },
          { Name: 'CapacityProviderName', Value: 'cp-c3' },
        ],
        Timestamp: new Date(now),
        Value: 300,
        Unit: 'Percent',
        StorageResolution: 1,
      },
    ]);
    // Managed termination protection: the busy instance is already protected; nothing to change.
    expect(asg.commandCalls(SetInstanceProtectionCommand)).toEqual([]);

    // AlarmHigh → desired capacity 3.
    const [high] = alarmInputs();
    const outcome = await fireCapacityAlarm(ctx, { ...high, StateValue: 'ALARM' } as never, console);
    expect(outcome?.decision).toEqual({ action: 'scale-out', desired: 3 });
    expect(asg.commandCalls(SetDesiredCapacityCommand).map((c) => c.args[0].input)).toEqual([
      { AutoScalingGroupName: 'asg1', DesiredCapacity: 3, HonorCooldown: false },
    ]);

    // The new instances register (the group lists them): the waiting tasks are placed.
    group = groupOf(['i-0000000000000000a', 'i-0000000000000000b', 'i-0000000000000000c']);
    await register('c3', 'i-0000000000000000b');
    await register('c3', 'i-0000000000000000c');
    now += 5000;
    const pass = await reconcileClusterPass(ctx, 'c3');
    expect(pass.provisioned).toBe(3);
    const tasks = (await describeTasks({ cluster: 'c3', tasks: out.tasks!.map((t) => t.taskArn!) }, ctx)).tasks!;
    expect(tasks.every((t) => t.lastStatus === 'PENDING' && t.containerInstanceArn)).toBe(true);
    await expectConsistentAccounting(ctx, 'c3');
  });

  it("fail with ECS's reason when no capacity comes within the timeout", async () => {
    await setup('c4');
    const out = await runTask({ cluster: 'c4', taskDefinition: 'half', count: 2 }, ctx);
    expect(out.tasks!.map((t) => t.lastStatus)).toEqual(['PROVISIONING', 'PROVISIONING']);
    now += 121_000;
    const pass = await reconcileClusterPass(ctx, 'c4');
    expect(pass.provisioningTimedOut).toBe(2);
    const tasks = (await describeTasks({ cluster: 'c4', tasks: out.tasks!.map((t) => t.taskArn!) }, ctx)).tasks!;
    expect(tasks.map((t) => [t.lastStatus, t.stopCode, t.stoppedReason])).toEqual([
      ['STOPPED', 'TaskFailedToStart', PROVISIONING_TIMEOUT_REASON],
      ['STOPPED', 'TaskFailedToStart', PROVISIONING_TIMEOUT_REASON],
    ]);
  });

  it('services count waiting tasks as pending; a strategy change starts a deployment', async () => {
    await setup('c5');
    await register('c5', 'i-0000000000000000a');
    await createService({ cluster: 'c5', serviceName: 'web', taskDefinition: 'half', desiredCount: 4 }, ctx);
    await reconcileClusterPass(ctx, 'c5');
    const svc = (await ctx.services.get('c5', 'web'))!.record;
    expect([svc.runningCount, svc.pendingCount]).toEqual([0, 4]);
    expect(svc.capacityProviderStrategy).toEqual([{ capacityProvider: 'cp-c5', weight: 1, base: 0 }]);
    const waiting = await ctx.tasks.provisioning('c5');
    expect(waiting).toHaveLength(2);

    await updateService({ cluster: 'c5', service: 'web', capacityProviderStrategy: [] }, ctx);
    const after = (await ctx.services.get('c5', 'web'))!.record;
    expect(after.deployments.map((d) => [d.status, d.capacityProviderStrategy])).toEqual([
      ['PRIMARY', undefined],
      ['ACTIVE', [{ capacityProvider: 'cp-c5', weight: 1, base: 0 }]],
    ]);
  });

  it('scale in only idle instances, draining them first; every other instance stays protected', async () => {
    await setup('c6');
    group = groupOf(['i-0000000000000000a', 'i-0000000000000000b', 'i-0000000000000000c']);
    for (const id of ['a', 'b', 'c']) await register('c6', `i-0000000000000000${id}`);
    await runTask(
      {
        cluster: 'c6',
        taskDefinition: 'half',
        count: 1,
        placementConstraints: [{ type: 'memberOf', expression: 'ec2InstanceId == i-0000000000000000a' }],
      },
      ctx,
    );
    now += 1000;
    await capacityPass(ctx, 'c6', await ctx.instances.listAll('c6'), { timestampMs: now, storageResolution: 1 });
    // Managed termination protection keeps every instance protected, idle ones too: a task placed on an idle
    // instance a moment later is never on one Auto Scaling may take. Nothing to change here.
    expect(asg.commandCalls(SetInstanceProtectionCommand)).toEqual([]);
    const [, low] = alarmInputs();
    const outcome = await fireCapacityAlarm(ctx, { ...low, StateValue: 'ALARM' } as never, console);
    expect(outcome?.decision).toEqual({ action: 'scale-in', remove: 2, desired: 1 });
    // The busiest zone first: us-east-1a holds a (busy) and c. Each victim loses its protection right before it goes.
    expect(protectionAndTerminations()).toEqual([
      ['protect', ['i-0000000000000000c'], false],
      ['terminate', 'i-0000000000000000c', true],
      ['protect', ['i-0000000000000000b'], false],
      ['terminate', 'i-0000000000000000b', true],
    ]);
    const status = Object.fromEntries((await ctx.instances.listAll('c6')).map((i) => [i.ec2InstanceId, i.status]));
    expect(status).toEqual({ 'i-0000000000000000a': 'ACTIVE', 'i-0000000000000000b': 'DRAINING', 'i-0000000000000000c': 'DRAINING' });
  });

  it('protect instances found unprotected, idle or busy; a termination that fails leaves its instance protected and ACTIVE', async () => {
    await setup('c9');
    // b and c were unprotected by hand (or launched while the group did not protect new instances).
    group = groupOf(['i-0000000000000000a', 'i-0000000000000000b', 'i-0000000000000000c']);
    group.Instances![1]!.ProtectedFromScaleIn = false;
    group.Instances![2]!.ProtectedFromScaleIn = false;
    for (const id of ['a', 'b', 'c']) await register('c9', `i-0000000000000000${id}`);
    await runTask(
      {
        cluster: 'c9',
        taskDefinition: 'half',
        placementConstraints: [{ type: 'memberOf', expression: 'ec2InstanceId == i-0000000000000000b' }],
      },
      ctx,
    );
    now += 1000;
    await capacityPass(ctx, 'c9', await ctx.instances.listAll('c9'), { timestampMs: now, storageResolution: 1 });
    expect(protectionAndTerminations()).toEqual([['protect', ['i-0000000000000000b', 'i-0000000000000000c'], true]]);

    // The group's minimum was reached meanwhile (someone else scaled it in): the termination fails.
    group = groupOf(['i-0000000000000000a', 'i-0000000000000000b', 'i-0000000000000000c']);
    asg.reset();
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group] });
    asg.on(SetInstanceProtectionCommand).resolves({});
    asg.on(TerminateInstanceInAutoScalingGroupCommand).rejects(new Error('Currently, desiredSize equals minSize (1).'));
    const [, low] = alarmInputs();
    await expect(fireCapacityAlarm(ctx, { ...low, StateValue: 'ALARM' } as never, console)).rejects.toThrow(/minSize/);
    // us-east-1a holds a and c, both idle; the oldest goes first: a. It fails, and a is protected again.
    expect(protectionAndTerminations()).toEqual([
      ['protect', ['i-0000000000000000a'], false],
      ['terminate', 'i-0000000000000000a', true],
      ['protect', ['i-0000000000000000a'], true],
    ]);
    const status = Object.fromEntries((await ctx.instances.listAll('c9')).map((i) => [i.ec2InstanceId, i.status]));
    expect(status).toEqual({ 'i-0000000000000000a': 'ACTIVE', 'i-0000000000000000b': 'ACTIVE', 'i-0000000000000000c': 'ACTIVE' });
  });

  it('scale in instances that run only daemon tasks, never one with a protected task or a non-daemon task', async () => {
    await setup('c8');
    group = groupOf(['i-0000000000000000a', 'i-0000000000000000b', 'i-0000000000000000c']);
    for (const id of ['a', 'b', 'c']) await register('c8', `i-0000000000000000${id}`);
    await registerTaskDefinition({ family: 'tiny', containerDefinitions: [{ name: 'a', image: 'x', cpu: 64, memory: 64 }] }, ctx);
    // A log collector on every instance, and one standalone task on a.
    await createService(
      { cluster: 'c8', serviceName: 'collector', taskDefinition: 'tiny', schedulingStrategy: 'DAEMON', launchType: 'EC2' },
      ctx,
    );
    await reconcileClusterPass(ctx, 'c8');
    await runTask(
      {
        cluster: 'c8',
        taskDefinition: 'half',
        launchType: 'EC2',
        placementConstraints: [{ type: 'memberOf', expression: 'ec2InstanceId == i-0000000000000000a' }],
      },
      ctx,
    );
    const instances = await ctx.instances.listAll('c8');
    const idOf = (ec2: string) => instances.find((i) => i.ec2InstanceId === ec2)!.id;
    const [daemonOnB] = await ctx.tasks.liveOnInstance('c8', idOf('i-0000000000000000b'));
    expect(daemonOnB?.task.serviceName).toBe('collector');
    // The daemon task on b holds work it must finish.
    await updateTaskProtection({ cluster: 'c8', tasks: [daemonOnB!.task.taskArn], protectionEnabled: true, expiresInMinutes: 60 }, ctx);
    now += 1000;

    const [metric] = await capacityPass(ctx, 'c8', await ctx.instances.listAll('c8'), { timestampMs: now, storageResolution: 1 });
    // M = 2 (a runs a task, b a protected one) of N = 3 instances.
    expect(metric?.Value).toBeCloseTo(66.67, 1);
    // Every instance stays protected until managed scaling takes it.
    expect(asg.commandCalls(SetInstanceProtectionCommand)).toEqual([]);
    const [, low] = alarmInputs();
    const outcome = await fireCapacityAlarm(ctx, { ...low, StateValue: 'ALARM' } as never, console);
    expect(outcome).toMatchObject({ decision: { action: 'scale-in', remove: 1, desired: 2 }, terminated: ['i-0000000000000000c'] });
    // Only c, running nothing but an unprotected daemon task, loses its protection, and goes.
    expect(protectionAndTerminations()).toEqual([
      ['protect', ['i-0000000000000000c'], false],
      ['terminate', 'i-0000000000000000c', true],
    ]);

    // Once b's protection ends, b may go too.
    now += 61 * 60_000;
    group = groupOf(['i-0000000000000000a', 'i-0000000000000000b']);
    const next = await fireCapacityAlarm(ctx, { ...low, StateValue: 'ALARM' } as never, console);
    expect(next).toMatchObject({ decision: { action: 'scale-in', remove: 1, desired: 1 }, terminated: ['i-0000000000000000b'] });
  });

  it("ignore an alarm that is not a capacity provider's, or no longer in ALARM", async () => {
    await setup('c7');
    const [high] = alarmInputs();
    expect(await fireCapacityAlarm(ctx, { ...high, StateValue: 'OK' } as never, console)).toBeUndefined();
    expect(await fireCapacityAlarm(ctx, { ...high, AlarmName: 'someone-elses', StateValue: 'ALARM' } as never, console)).toBeUndefined();
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect(asg.commandCalls(SetDesiredCapacityCommand)).toEqual([]);
  });
});
