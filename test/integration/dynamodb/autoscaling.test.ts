/**
 * Application Auto Scaling's use cases on DynamoDB Local, with CloudWatch
 * mocked (aws-sdk-client-mock) and its calls checked exactly: scalable
 * targets, target-tracking policies owning their alarm pair, step policies,
 * alarms firing them (CloudWatch's Lambda event), cooldowns, bounds,
 * suspension, mid-deployment, scheduled actions, and a person's
 * UpdateService racing a scaling activity without either being lost.
 */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchAdapter } from '../../../src/adapters/cloudwatch/cloudwatch-adapter.js';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import { handleAlarmEvent } from '../../../src/app/scaling/fire-alarm.js';
import { describeScalingActivities } from '../../../src/app/scaling/scaling-activities.js';
import { deleteScalingPolicy, describeScalingPolicies, putScalingPolicy } from '../../../src/app/scaling/scaling-policies.js';
import { runScalingSchedule } from '../../../src/app/scaling/scaling-schedule.js';
import { deregisterScalableTarget, describeScalableTargets, registerScalableTarget } from '../../../src/app/scaling/scalable-targets.js';
import { describeScheduledActions, putScheduledAction } from '../../../src/app/scaling/scheduled-actions.js';
import { createService } from '../../../src/app/services/create-service.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { freshTable } from '../../support/table.js';

const cwMock = mockClient(CloudWatchClient);
const SCALE_FN = 'arn:aws:lambda:us-east-1:000000000000:function:berth-dev-scale-service';
const log = { info: () => {}, warn: () => {} };
let now = Date.UTC(2026, 2, 1, 9, 0, 0);
let ctx: AppContext;

/** What CloudWatch would say about the alarms Berth put, and the datapoints GetMetricData returns. */
const alarms = new Map<string, MetricAlarm>();
let datapoints: number[] = [];

beforeAll(async () => {
  const config = { ...(await freshTable()), metricPeriodSeconds: 10, scaleServiceFunctionArn: SCALE_FN };
  const cw = new CloudWatchClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  // Every reading moves the clock on by a millisecond, so activities recorded one after the other sort that way.
  ctx = buildAppContext(config, { clock: { now: () => ++now }, cloudwatch: new CloudWatchAdapter(cw) });
  await createCluster({ clusterName: 'scal' }, ctx);
  await registerTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'web', image: 'busybox', cpu: 128, memory: 64 }] }, ctx);
  for (const name of ['web', 'steps', 'race', 'sched']) {
    await createService({ cluster: 'scal', serviceName: name, taskDefinition: 'web', desiredCount: 0 }, ctx);
    await completeDeployment(name);
  }
});

beforeEach(() => {
  cwMock.reset();
  cwMock.on(PutMetricAlarmCommand).callsFake((input: PutMetricAlarmCommandInput) => {
    alarms.set(input.AlarmName!, {
      ...input,
      AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${input.AlarmName}`,
      StateValue: 'INSUFFICIENT_DATA',
    } as MetricAlarm);
    return {};
  });
  cwMock.on(DeleteAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => {
    for (const n of input.AlarmNames) alarms.delete(n);
    return {};
  });
  cwMock.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[]; ActionPrefix?: string; StateValue?: string }) => ({
    MetricAlarms: [...alarms.values()].filter(
      (a) =>
        (!input.AlarmNames || input.AlarmNames.includes(a.AlarmName!)) &&
        (!input.StateValue || a.StateValue === input.StateValue) &&
        (!input.ActionPrefix || (a.AlarmActions ?? []).some((x) => x.startsWith(input.ActionPrefix!))),
    ),
  }));
  cwMock.on(GetMetricDataCommand).callsFake(() => ({
    MetricDataResults: [
      { Id: 'm', Timestamps: datapoints.map((_, i) => new Date(now - (datapoints.length - i) * 10_000)), Values: datapoints },
    ],
  }));
});

/** The reconciler would complete the deployment once tasks run; here no agent runs them, so the test says so. */
async function completeDeployment(name: string) {
  const s = (await ctx.services.get('scal', name))!;
  await ctx.services.put(
    { ...s.record, deployments: s.record.deployments.map((d) => ({ ...d, rolloutState: 'COMPLETED' as const })) },
    s.version,
  );
}
const desired = async (name: string) => (await ctx.services.get('scal', name))!.record.desiredCount;
const ecs = (resourceId: string) =>
  ({ ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: resourceId }) as const;
const fire = (alarmName: string) =>
  handleAlarmEvent(ctx, { source: 'aws.cloudwatch', alarmData: { alarmName, state: { value: 'ALARM' } } }, log);
const setState = (name: string, state: 'ALARM' | 'OK') => alarms.set(name, { ...alarms.get(name)!, StateValue: state });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

describe('scalable targets', () => {
  it('refuses a target for a service that does not exist, min above max, or a new one without bounds', async () => {
    expect(await code(registerScalableTarget({ ...ecs('service/scal/nope'), MinCapacity: 1, MaxCapacity: 2 }, ctx))).toBe(
      'ValidationException',
    );
    expect(await code(registerScalableTarget({ ...ecs('service/nocluster/web'), MinCapacity: 1, MaxCapacity: 2 }, ctx))).toBe(
      'ValidationException',
    );
    expect(await code(registerScalableTarget({ ...ecs('service/scal/web'), MinCapacity: 3, MaxCapacity: 2 }, ctx))).toBe(
      'ValidationException',
    );
    expect(await code(registerScalableTarget({ ...ecs('service/scal/web'), MinCapacity: 1 }, ctx))).toBe('ValidationException');
    expect(
      await code(registerScalableTarget({ ...ecs('service/scal/web'), ServiceNamespace: 'dynamodb', MinCapacity: 1, MaxCapacity: 2 }, ctx)),
    ).toBe('ValidationException');
    expect(
      await code(
        registerScalableTarget({ ...ecs('service/scal/web'), RoleARN: 'arn:aws:iam::1:role/x', MinCapacity: 1, MaxCapacity: 2 }, ctx),
      ),
    ).toBe('ValidationException');
    expect((await describeScalableTargets({ ServiceNamespace: 'ecs' }, ctx)).ScalableTargets).toEqual([]);
  });

  it('registers (raising the desired count to the minimum at once) and re-registering updates', async () => {
    await registerScalableTarget({ ...ecs('service/scal/web'), MinCapacity: 1, MaxCapacity: 4 }, ctx);
    expect(await desired('web')).toBe(1);
    await registerScalableTarget({ ...ecs('service/scal/web'), MaxCapacity: 5, SuspendedState: { ScheduledScalingSuspended: true } }, ctx);
    await registerScalableTarget({ ...ecs('service/scal/web'), SuspendedState: { ScheduledScalingSuspended: false } }, ctx);
    const [target] = (await describeScalableTargets({ ServiceNamespace: 'ecs', ResourceIds: ['service/scal/web'] }, ctx)).ScalableTargets;
    expect(target).toMatchObject({
      ResourceId: 'service/scal/web',
      MinCapacity: 1,
      MaxCapacity: 5,
      RoleARN:
        'arn:aws:iam::000000000000:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    });
    const { ScalingActivities } = await describeScalingActivities({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/web' }, ctx);
    expect(ScalingActivities.map((a) => [a.Description, a.Cause, a.StatusCode])).toEqual([
      ['Setting desired count to 1.', 'minimum capacity was set to 1', 'Successful'],
    ]);
    const events = (await ctx.services.get('scal', 'web'))!.record.events;
    expect(events[0].message).toBe(
      '(service web) was scaled out from 0 to 1 tasks by Application Auto Scaling: minimum capacity was set to 1.',
    );
  });
});

describe('target tracking', () => {
  const config = {
    TargetValue: 50,
    PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' as const },
    ScaleOutCooldown: 60,
    ScaleInCooldown: 60,
  };
  let high: string;
  let low: string;

  it('creates the policy and its two alarms exactly as Application Auto Scaling shapes them', async () => {
    const out = await putScalingPolicy(
      {
        ...ecs('service/scal/web'),
        PolicyName: 'cpu50',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: config,
      },
      ctx,
    );
    const target = (await ctx.scaling.getTarget({
      namespace: 'ecs',
      dimension: 'ecs:service:DesiredCount',
      resourceId: 'service/scal/web',
    }))!;
    expect(out.PolicyARN).toBe(
      `arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:${target.record.targetId}:resource/ecs/service/scal/web:policyName/cpu50`,
    );
    const puts = cwMock.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(2);
    [high, low] = puts.map((p) => p.AlarmName!);
    expect(high).toMatch(/^TargetTracking-service\/scal\/web-AlarmHigh-[0-9a-f-]{36}$/);
    expect(low).toMatch(/^TargetTracking-service\/scal\/web-AlarmLow-[0-9a-f-]{36}$/);
    const common = {
      AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${out.PolicyARN}.`,
      ActionsEnabled: true,
      AlarmActions: [SCALE_FN],
      Namespace: 'Berth/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [
        { Name: 'ClusterName', Value: 'scal' },
        { Name: 'ServiceName', Value: 'web' },
      ],
      Statistic: 'Average',
      Unit: 'Percent',
      Period: 10,
    };
    expect(puts).toEqual([
      { ...common, AlarmName: high, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold' },
      { ...common, AlarmName: low, EvaluationPeriods: 15, DatapointsToAlarm: 15, Threshold: 45, ComparisonOperator: 'LessThanThreshold' },
    ]);
    expect(out.Alarms).toEqual([
      { AlarmName: high, AlarmARN: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${high}` },
      { AlarmName: low, AlarmARN: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${low}` },
    ]);
  });

  it('scales out proportionally when the high alarm fires, counts a scale-out in cooldown once, and stops at the maximum', async () => {
    datapoints = [80, 90, 100];
    setState(high, 'ALARM');
    await fire(high);
    expect(await desired('web')).toBe(2); // ceil(1 × 100 ÷ 50)
    const [activity] = (await describeScalingActivities({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/web' }, ctx))
      .ScalingActivities;
    expect(activity).toMatchObject({
      Description: 'Setting desired count to 2.',
      Cause: `monitor alarm ${high} in state ALARM triggered policy cpu50`,
      StatusCode: 'Successful',
      StatusMessage: 'Successfully set desired count to 2. Change successfully fulfilled by ecs.',
    });
    // 20 s later, still 100 %: in the scale-out cooldown the count is made from the capacity before it (1 → 2): nothing added twice.
    now += 20_000;
    await fire(high);
    expect(await desired('web')).toBe(2);
    // After the cooldown: 2 × 100 ÷ 50 = 4; then 4 → 8, bounded by the maximum of 5.
    now += 60_000;
    await fire(high);
    expect(await desired('web')).toBe(4);
    now += 61_000;
    await fire(high);
    expect(await desired('web')).toBe(5);
    now += 61_000;
    await fire(high);
    await fire(high);
    const all = await describeScalingActivities(
      { ServiceNamespace: 'ecs', ResourceId: 'service/scal/web', IncludeNotScaledActivities: true },
      ctx,
    );
    const notScaled = all.ScalingActivities.filter((a) => a.NotScaledReasons);
    expect(notScaled).toHaveLength(1); // recorded once, not every time the alarm fires at the maximum
    expect(notScaled[0].NotScaledReasons).toEqual([{ Code: 'AlreadyAtMaxCapacity', MinCapacity: 1, MaxCapacity: 5, CurrentCapacity: 5 }]);
    expect(
      (await describeScalingActivities({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/web' }, ctx)).ScalingActivities.every(
        (a) => !a.NotScaledReasons,
      ),
    ).toBe(true);
  });

  it('scales in gently on the low alarm, not while suspended, not mid-deployment, not in the scale-in cooldown', async () => {
    setState(high, 'OK');
    setState(low, 'ALARM');
    datapoints = [0, 0, 0];
    await registerScalableTarget({ ...ecs('service/scal/web'), SuspendedState: { DynamicScalingInSuspended: true } }, ctx);
    await fire(low);
    expect(await desired('web')).toBe(5);
    await registerScalableTarget({ ...ecs('service/scal/web'), SuspendedState: { DynamicScalingInSuspended: false } }, ctx);
    await updateService({ cluster: 'scal', service: 'web', forceNewDeployment: true }, ctx);
    await fire(low);
    expect(await desired('web')).toBe(5);
    await completeDeployment('web');
    const s = (await ctx.services.get('scal', 'web'))!;
    await ctx.services.put({ ...s.record, deployments: s.record.deployments.filter((d) => d.status === 'PRIMARY') }, s.version);
    await fire(low);
    expect(await desired('web')).toBe(3); // at most half removed: 5 → 3
    await fire(low);
    expect(await desired('web')).toBe(3); // scale-in cooldown
    now += 61_000;
    await fire(low);
    expect(await desired('web')).toBe(2);
    now += 61_000;
    await fire(low);
    now += 61_000;
    await fire(low);
    expect(await desired('web')).toBe(1); // the minimum
  });

  it('keeps the alarm names when the policy is updated, and drops the low alarm with DisableScaleIn', async () => {
    await putScalingPolicy(
      {
        ...ecs('service/scal/web'),
        PolicyName: 'cpu50',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { ...config, TargetValue: 60, DisableScaleIn: true },
      },
      ctx,
    );
    expect(cwMock.commandCalls(PutMetricAlarmCommand).map((c) => [c.args[0].input.AlarmName, c.args[0].input.Threshold])).toEqual([
      [high, 60],
    ]);
    expect(cwMock.commandCalls(DeleteAlarmsCommand).map((c) => c.args[0].input)).toEqual([{ AlarmNames: [low] }]);
    const [policy] = (await describeScalingPolicies({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/web' }, ctx)).ScalingPolicies;
    expect(policy.Alarms.map((a) => a.AlarmName)).toEqual([high]);
    expect(policy.TargetTrackingScalingPolicyConfiguration).toMatchObject({ TargetValue: 60, DisableScaleIn: true });
  });

  it.each([
    [
      'an unknown predefined metric',
      { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBReadCapacityUtilization' } },
    ],
    ['no metric', { TargetValue: 50 }],
    ['both metrics', { ...config, CustomizedMetricSpecification: { MetricName: 'm', Namespace: 'n', Statistic: 'Average' } }],
    ['a zero target', { ...config, TargetValue: 0 }],
  ])('refuses %s and puts no alarm', async (_what, c) => {
    expect(
      await code(
        putScalingPolicy(
          {
            ...ecs('service/scal/web'),
            PolicyName: 'bad',
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration: c as never,
          },
          ctx,
        ),
      ),
    ).toBe('ValidationException');
    expect(cwMock.commandCalls(PutMetricAlarmCommand)).toHaveLength(0);
  });

  it('refuses a policy on an unregistered target', async () => {
    expect(
      await code(
        putScalingPolicy(
          {
            ...ecs('service/scal/steps'),
            PolicyName: 'p',
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration: config,
          },
          ctx,
        ),
      ),
    ).toBe('ObjectNotFoundException');
  });

  it('an event for an unknown or deleted alarm changes nothing', async () => {
    const before = await desired('web');
    await fire('no-such-alarm');
    await deleteScalingPolicy({ ...ecs('service/scal/web'), PolicyName: 'cpu50' }, ctx);
    expect(cwMock.commandCalls(DeleteAlarmsCommand).map((c) => c.args[0].input)).toEqual([{ AlarmNames: [high] }]);
    await fire(high);
    expect(await desired('web')).toBe(before);
    expect(await code(deleteScalingPolicy({ ...ecs('service/scal/web'), PolicyName: 'cpu50' }, ctx))).toBe('ObjectNotFoundException');
  });
});

describe('step scaling', () => {
  const steps = [
    { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
    { MetricIntervalLowerBound: 20, ScalingAdjustment: 3 },
  ];

  it('refuses overlapping or gapped steps', async () => {
    await registerScalableTarget({ ...ecs('service/scal/steps'), MinCapacity: 1, MaxCapacity: 10 }, ctx);
    for (const bad of [
      [steps[0], { MetricIntervalLowerBound: 10, ScalingAdjustment: 3 }],
      [steps[0], { MetricIntervalLowerBound: 30, ScalingAdjustment: 3 }],
    ]) {
      expect(
        await code(
          putScalingPolicy(
            {
              ...ecs('service/scal/steps'),
              PolicyName: 's',
              PolicyType: 'StepScaling',
              StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', StepAdjustments: bad },
            },
            ctx,
          ),
        ),
      ).toBe('ValidationException');
    }
  });

  it('applies the step that holds the breach when the user’s alarm (naming the policy) fires, and lists that alarm', async () => {
    const { PolicyARN } = await putScalingPolicy(
      {
        ...ecs('service/scal/steps'),
        PolicyName: 'queue',
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', StepAdjustments: steps, Cooldown: 0 },
      },
      ctx,
    );
    alarms.set('queue-deep', {
      AlarmName: 'queue-deep',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:queue-deep',
      Namespace: 'Shop',
      MetricName: 'QueueDepth',
      Statistic: 'Average',
      Period: 10,
      EvaluationPeriods: 2,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [PolicyARN],
      StateValue: 'ALARM',
    });
    datapoints = [110, 120]; // average 115: 15 above the threshold → +1
    await fire('queue-deep');
    expect(await desired('steps')).toBe(2);
    datapoints = [150, 170]; // 60 above → +3
    await fire('queue-deep');
    expect(await desired('steps')).toBe(5);
    const [policy] = (await describeScalingPolicies({ ServiceNamespace: 'ecs', PolicyNames: ['queue'] }, ctx)).ScalingPolicies;
    expect(policy.Alarms).toEqual([{ AlarmName: 'queue-deep', AlarmARN: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:queue-deep' }]);
  });
});

describe('a person and a scaling activity at the same moment', () => {
  it('never loses either change', async () => {
    await registerScalableTarget({ ...ecs('service/scal/race'), MinCapacity: 1, MaxCapacity: 20 }, ctx);
    const { PolicyARN } = await putScalingPolicy(
      {
        ...ecs('service/scal/race'),
        PolicyName: 'plus2',
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
          Cooldown: 0,
        },
      },
      ctx,
    );
    alarms.set('race-alarm', {
      AlarmName: 'race-alarm',
      Namespace: 'N',
      MetricName: 'M',
      Statistic: 'Average',
      Period: 10,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [PolicyARN],
      StateValue: 'ALARM',
    });
    datapoints = [5];
    for (let round = 0; round < 5; round++) {
      const person = 3 + round;
      await updateService({ cluster: 'scal', service: 'race', desiredCount: 1 }, ctx);
      await Promise.all([updateService({ cluster: 'scal', service: 'race', desiredCount: person }, ctx), fire('race-alarm')]);
      // Serially either the person then +2, or +2 (from 1) then the person: a lost update would be 3.
      expect([person + 2, person]).toContain(await desired('race'));
    }
  });
});

describe('scheduled actions', () => {
  it('refuses malformed schedules and one that would never run', async () => {
    await registerScalableTarget({ ...ecs('service/scal/sched'), MinCapacity: 1, MaxCapacity: 10 }, ctx);
    for (const Schedule of ['cron(0 12 * * *)', 'rate(0 minutes)', 'at(2020-01-01T00:00:00)', 'every day']) {
      expect(
        await code(
          putScheduledAction(
            { ...ecs('service/scal/sched'), ScheduledActionName: 'bad', Schedule, ScalableTargetAction: { MinCapacity: 2 } },
            ctx,
          ),
        ),
      ).toBe('ValidationException');
    }
    expect(
      await code(
        putScheduledAction(
          {
            ...ecs('service/scal/sched'),
            ScheduledActionName: 'bad',
            Schedule: 'rate(1 hour)',
            Timezone: 'Mars/Base',
            ScalableTargetAction: { MinCapacity: 2 },
          },
          ctx,
        ),
      ),
    ).toBe('ValidationException');
    expect((await describeScheduledActions({ ServiceNamespace: 'ecs' }, ctx)).ScheduledActions).toEqual([]);
  });

  it('runs once when due: min raised, then the desired count', async () => {
    const at = new Date(now + 30_000).toISOString().slice(0, 19);
    await putScheduledAction(
      { ...ecs('service/scal/sched'), ScheduledActionName: 'morning', Schedule: `at(${at})`, ScalableTargetAction: { MinCapacity: 3 } },
      ctx,
    );
    const [listed] = (await describeScheduledActions({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/sched' }, ctx)).ScheduledActions;
    expect(listed).toMatchObject({ ScheduledActionName: 'morning', Schedule: `at(${at})`, ScalableTargetAction: { MinCapacity: 3 } });
    expect(listed.ScheduledActionARN).toMatch(
      /^arn:aws:autoscaling:us-east-1:000000000000:scheduledAction:[0-9a-f-]{36}:resource\/ecs\/service\/scal\/sched:scheduledActionName\/morning$/,
    );
    expect((await runScalingSchedule(ctx, log)).scheduledRun).toBe(0);
    now += 31_000;
    const passes = await Promise.all([runScalingSchedule(ctx, log), runScalingSchedule(ctx, log)]);
    expect(passes.reduce((a, p) => a + p.scheduledRun, 0)).toBe(1); // run once, however many run the schedule
    expect(await desired('sched')).toBe(3);
    const activities = (await describeScalingActivities({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/sched' }, ctx))
      .ScalingActivities;
    expect(activities.slice(0, 2).map((a) => [a.Description, a.Cause])).toEqual([
      ['Setting desired count to 3.', 'minimum capacity was set to 3'],
      ['Setting min capacity to 3', 'scheduled action name morning was triggered'],
    ]);
    expect((await runScalingSchedule(ctx, log)).scheduledRun).toBe(0);
  });

  it('goes with its target when the target is deregistered, alarms included', async () => {
    await putScalingPolicy(
      {
        ...ecs('service/scal/sched'),
        PolicyName: 'mem',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 70,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
        },
      },
      ctx,
    );
    const owned = cwMock.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input.AlarmName);
    await deregisterScalableTarget(ecs('service/scal/sched'), ctx);
    expect(cwMock.commandCalls(DeleteAlarmsCommand).map((c) => c.args[0].input)).toEqual([{ AlarmNames: owned }]);
    expect((await describeScheduledActions({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/sched' }, ctx)).ScheduledActions).toEqual(
      [],
    );
    expect((await describeScalingPolicies({ ServiceNamespace: 'ecs', ResourceId: 'service/scal/sched' }, ctx)).ScalingPolicies).toEqual([]);
    expect(await code(deregisterScalableTarget(ecs('service/scal/sched'), ctx))).toBe('ObjectNotFoundException');
  });
});
