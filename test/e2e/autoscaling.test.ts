/**
 * Service autoscaling end to end on the local stack (10 s metric period),
 * with real containers and only stock clients: the AWS SDK and /usr/bin/aws.
 * Agents sample usage → metrics → the local CloudWatch's alarms → scale-service
 * → desired count → the reconciler runs the tasks. Three services scale at
 * once: CPU target tracking out and back in, a step policy fired by a user's
 * alarm on a custom metric, a scheduled action raising the minimum.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { ensureLocalImage, TEST_IMAGE } from '../../src/agent/test-image.js';
import { describeDocker, docker } from '../integration/docker/docker-env.js';
import { startAgentCluster, type AgentCluster } from '../support/agent-cluster.js';
import { ecsClient } from '../support/ecs-client.js';
import { awsCli } from '../support/aws-cli.js';
import { waitUntil } from '../support/wait.js';
import { cpuBurnerTaskDefinition } from '../support/cpu-burner.js';

const cluster = 'autoscale';
const ecs = ecsClient();
const aas = new ApplicationAutoScalingClient({
  endpoint: inject('ecsEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const target = (service: string) =>
  ({ ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: `service/${cluster}/${service}` }) as const;

/** The AWS CLI v2 against the local endpoint; JSON out. */
const aws = awsCli(inject('ecsEndpoint')).json;

const counts = async (service: string) => {
  const [s] = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services!;
  return { desired: s.desiredCount!, running: s.runningCount! };
};
const activities = async (service: string) =>
  (await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'ecs', ResourceId: `service/${cluster}/${service}` })))
    .ScalingActivities!;

describeDocker('service autoscaling on the local stack', () => {
  let agents: AgentCluster;
  const loadDir = mkdtempSync(join(tmpdir(), 'berth-load-'));

  beforeAll(async () => {
    await ensureLocalImage(docker);
    agents = await startAgentCluster(ecs, cluster, 'docker', 2);
    await ecs.send(new RegisterTaskDefinitionCommand(cpuBurnerTaskDefinition('as-burn', loadDir)));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'as-idle',
        containerDefinitions: [{ name: 'idle', image: TEST_IMAGE, cpu: 16, memory: 16, stopTimeout: 2, command: ['/bin/sleep', '3600'] }],
      }),
    );
    for (const [name, family] of [
      ['burner', 'as-burn'],
      ['stepper', 'as-idle'],
      ['morning', 'as-idle'],
    ]) {
      await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: family, desiredCount: 1 }));
    }
  });
  afterAll(async () => {
    await agents?.teardown();
    rmSync(loadDir, { recursive: true, force: true });
    aas.destroy();
  });

  it.concurrent(
    'scales a CPU-burning service out under a 50 % target-tracking policy, and back in when the load stops',
    async () => {
      await aas.send(new RegisterScalableTargetCommand({ ...target('burner'), MinCapacity: 1, MaxCapacity: 3 }));
      const policy = await aas.send(
        new PutScalingPolicyCommand({
          ...target('burner'),
          PolicyName: 'cpu50',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 50,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
            ScaleOutCooldown: 10,
            ScaleInCooldown: 10,
          },
        }),
      );
      const [high, low] = policy.Alarms!.map((a) => a.AlarmName!);
      await waitUntil('the burner task running', async () => (await counts('burner')).running === 1, 60_000, 1000);

      writeFileSync(join(loadDir, 'on'), '');
      await waitUntil(
        '3 of 3 tasks running (the maximum)',
        async () => {
          const c = await counts('burner');
          return c.desired === 3 && c.running === 3;
        },
        180_000,
        2000,
      );
      const out = await activities('burner');
      expect(out.at(-1)).toMatchObject({ StatusCode: 'Successful', Cause: `monitor alarm ${high} in state ALARM triggered policy cpu50` });
      expect(out.at(-1)!.Description).toMatch(/^Setting desired count to [23]\.$/);
      const alarms = await aws('cloudwatch', 'describe-alarms', '--alarm-names', high, low);
      expect(alarms.MetricAlarms.find((a: { AlarmName: string }) => a.AlarmName === high).StateValue).toBe('ALARM');
      const cpu = await aws(
        'cloudwatch',
        'get-metric-statistics',
        '--namespace',
        'Berth/ECS',
        '--metric-name',
        'CPUUtilization',
        '--dimensions',
        `Name=ClusterName,Value=${cluster}`,
        'Name=ServiceName,Value=burner',
        '--start-time',
        new Date(Date.now() - 60_000).toISOString(),
        '--end-time',
        new Date().toISOString(),
        '--period',
        '10',
        '--statistics',
        'Average',
      );
      expect(Math.max(...cpu.Datapoints.map((d: { Average: number }) => d.Average))).toBeGreaterThan(50);

      // The low alarm needs 15 periods under 45 %, then one task goes per activity, cooldowns between.
      rmSync(join(loadDir, 'on'));
      await waitUntil(
        'back to the minimum of 1',
        async () => {
          const c = await counts('burner');
          return c.desired === 1 && c.running === 1;
        },
        300_000,
        3000,
      );
      expect((await activities('burner'))[0].Cause).toBe(`monitor alarm ${low} in state ALARM triggered policy cpu50`);
    },
    540_000,
  );

  it.concurrent(
    'applies a step policy when the user’s alarm on a custom metric (put with the AWS CLI) fires',
    async () => {
      await aws(
        'application-autoscaling',
        'register-scalable-target',
        '--service-namespace',
        'ecs',
        '--scalable-dimension',
        'ecs:service:DesiredCount',
        '--resource-id',
        `service/${cluster}/stepper`,
        '--min-capacity',
        '1',
        '--max-capacity',
        '5',
      );
      const { PolicyARN } = await aws(
        'application-autoscaling',
        'put-scaling-policy',
        '--service-namespace',
        'ecs',
        '--scalable-dimension',
        'ecs:service:DesiredCount',
        '--resource-id',
        `service/${cluster}/stepper`,
        '--policy-name',
        'queue-deep',
        '--policy-type',
        'StepScaling',
        '--step-scaling-policy-configuration',
        JSON.stringify({
          AdjustmentType: 'ChangeInCapacity',
          Cooldown: 60,
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 50, ScalingAdjustment: 1 },
            { MetricIntervalLowerBound: 50, ScalingAdjustment: 2 },
          ],
        }),
      );
      await aws(
        'cloudwatch',
        'put-metric-alarm',
        '--alarm-name',
        `${cluster}-queue-deep`,
        '--namespace',
        'Shop',
        '--metric-name',
        'QueueDepth',
        '--dimensions',
        'Name=Queue,Value=orders',
        '--statistic',
        'Maximum',
        '--period',
        '10',
        '--evaluation-periods',
        '1',
        '--threshold',
        '100',
        '--comparison-operator',
        'GreaterThanThreshold',
        '--alarm-actions',
        PolicyARN,
      );
      // 170 is 70 above the threshold: the second step, +2.
      const desired = await waitUntil(
        'the step policy to add 2 tasks',
        async () => {
          await aws(
            'cloudwatch',
            'put-metric-data',
            '--namespace',
            'Shop',
            '--metric-name',
            'QueueDepth',
            '--dimensions',
            'Queue=orders',
            '--value',
            '170',
            '--storage-resolution',
            '1',
          );
          return (await counts('stepper')).desired === 3;
        },
        90_000,
        5000,
      );
      expect(desired).toBe(true);
      const [activity] = await activities('stepper');
      expect(activity).toMatchObject({
        Description: 'Setting desired count to 3.',
        Cause: `monitor alarm ${cluster}-queue-deep in state ALARM triggered policy queue-deep`,
      });
      const { ScalingPolicies } = await aws(
        'application-autoscaling',
        'describe-scaling-policies',
        '--service-namespace',
        'ecs',
        '--resource-id',
        `service/${cluster}/stepper`,
      );
      expect(ScalingPolicies[0].Alarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual([`${cluster}-queue-deep`]);
      await waitUntil('3 stepper tasks running', async () => (await counts('stepper')).running === 3, 60_000, 1000);
    },
    240_000,
  );

  it.concurrent(
    'runs a scheduled action that raises the minimum capacity',
    async () => {
      await aas.send(new RegisterScalableTargetCommand({ ...target('morning'), MinCapacity: 1, MaxCapacity: 4 }));
      // Far enough ahead for the CLI to start on a busy machine.
      const at = new Date(Date.now() + 45_000).toISOString().slice(0, 19);
      await aws(
        'application-autoscaling',
        'put-scheduled-action',
        '--service-namespace',
        'ecs',
        '--scalable-dimension',
        'ecs:service:DesiredCount',
        '--resource-id',
        `service/${cluster}/morning`,
        '--scheduled-action-name',
        'open-shop',
        '--schedule',
        `at(${at})`,
        '--scalable-target-action',
        'MinCapacity=2',
      );
      await waitUntil(
        'the minimum raised to 2, and the desired count with it',
        async () => {
          const c = await counts('morning');
          return c.desired === 2 && c.running === 2;
        },
        90_000,
        2000,
      );
      const { ScalableTargets } = await aws(
        'application-autoscaling',
        'describe-scalable-targets',
        '--service-namespace',
        'ecs',
        '--resource-ids',
        `service/${cluster}/morning`,
      );
      expect(ScalableTargets[0]).toMatchObject({ MinCapacity: 2, MaxCapacity: 4 });
      expect((await activities('morning')).slice(0, 2).map((a) => [a.Description, a.Cause])).toEqual([
        ['Setting desired count to 2.', 'minimum capacity was set to 2'],
        ['Setting min capacity to 2', 'scheduled action name open-shop was triggered'],
      ]);
    },
    180_000,
  );
});
