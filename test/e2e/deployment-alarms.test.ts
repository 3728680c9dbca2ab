/**
 * Deployment alarms (deploymentConfiguration.alarms) end to end on the local
 * stack, with stock clients only: the ECS and CloudWatch SDK clients and
 * /usr/bin/aws against the one endpoint, hollow container instances. An
 * alarm set to ALARM with `aws cloudwatch set-alarm-state` during a rolling
 * deployment fails it and rolls the service back to the last COMPLETED
 * deployment, with ECS's events.
 */
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  type Service,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HollowFleet } from '../../src/agent/hollow/fleet.js';
import { ecsClient } from '../support/ecs-client.js';
import { awsCli } from '../support/aws-cli.js';
import { startStackFleet } from '../support/stack-fleet.js';
import { waitUntil } from '../support/wait.js';

const cluster = 'deployment-alarms';
const ecs = ecsClient();
const cloudwatch = new CloudWatchClient({
  endpoint: inject('ecsEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const wait = { client: ecs, maxWaitTime: 90, minDelay: 1, maxDelay: 2 };
const ALARM = 'berth-e2e-deploy-errors';
let fleet: HollowFleet;

/** The AWS CLI v2 against the local endpoint; JSON out. */
const aws = awsCli(inject('ecsEndpoint')).json;

const describeService = async (name: string): Promise<Service> =>
  (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services![0]!;

const registerRevision = async (tag: string) =>
  (
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'alarmed',
        containerDefinitions: [{ name: 'app', image: `berth-test/app:${tag}`, cpu: 64, memory: 64 }],
      }),
    )
  ).taskDefinition!.taskDefinitionArn!;

beforeAll(async () => {
  fleet = await startStackFleet(ecs, cluster, 2);
  // A user's alarm on a metric nobody publishes: it changes only when set (missing data keeps its state).
  // Period × EvaluationPeriods = 30 s: the bake time a watched deployment waits once steady.
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: ALARM,
      Namespace: 'BerthE2E/App',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 10,
      EvaluationPeriods: 3,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'ignore',
    }),
  );
});

afterAll(async () => {
  await fleet?.stop();
  await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM] })).catch(() => undefined);
  cloudwatch.destroy();
});

describe('deployment alarms', () => {
  it('an alarm set to ALARM during a deployment fails it and rolls the service back to the previous task definition', async () => {
    const v1 = await registerRevision('1');
    const v2 = await registerRevision('2');
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'web',
        taskDefinition: v1,
        desiredCount: 2,
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 50,
          alarms: { alarmNames: [ALARM], enable: true, rollback: true },
        },
      }),
    );
    expect((await describeService('web')).deploymentConfiguration!.alarms).toEqual({ alarmNames: [ALARM], enable: true, rollback: true });
    const first = await waitUntil(
      'the first deployment COMPLETED after its bake time',
      async () => {
        const s = await describeService('web');
        return s.deployments!.length === 1 && s.deployments![0]!.rolloutState === 'COMPLETED' && s;
      },
      90_000,
      1000,
    );
    const firstId = first.deployments![0]!.id!;
    expect(first.deployments![0]!.rolloutStateReason).toBe(`ECS deployment ${firstId} completed.`);

    // The stock CLI's update-service, deployment configuration in its shorthand.
    await aws(
      'ecs',
      'update-service',
      '--cluster',
      cluster,
      '--service',
      'web',
      '--task-definition',
      v2,
      '--deployment-configuration',
      `maximumPercent=200,minimumHealthyPercent=50,alarms={alarmNames=[${ALARM}],enable=true,rollback=true}`,
    );
    const rolling = await waitUntil(
      'a task of the new deployment running',
      async () => {
        const s = await describeService('web');
        const primary = s.deployments!.find((d) => d.status === 'PRIMARY')!;
        return primary.taskDefinition === v2 && primary.runningCount! >= 1 && primary;
      },
      60_000,
      250,
    );
    expect(rolling.rolloutState).toBe('IN_PROGRESS');
    await aws('cloudwatch', 'set-alarm-state', '--alarm-name', ALARM, '--state-value', 'ALARM', '--state-reason', 'e2e: errors spiked');

    let seen: Service | undefined;
    const rolledBack = await waitUntil(
      'the failed deployment rolled back',
      async () => {
        const s = (seen = await describeService('web'));
        return s.deployments![0]!.taskDefinition === v1 && s;
      },
      60_000,
      500,
    ).catch(async (err) => {
      console.log(JSON.stringify({ seen, alarm: await aws('cloudwatch', 'describe-alarms', '--alarm-names', ALARM) }, null, 1));
      throw err;
    });
    // The failed deployment is listed while its tasks stop; it may already be gone, and the first
    // deployment (still running tasks) may be listed too: find it by id, not by position.
    const rollback = rolledBack.deployments![0]!;
    const failed = rolledBack.deployments!.find((d) => d.id === rolling.id);
    expect(rollback).toMatchObject({ status: 'PRIMARY', taskDefinition: v1 });
    // The first tasks still run, so the rollback may already be steady when it is first seen.
    expect([
      `ECS deployment detected triggered alarms: rolling back to deploymentId ${firstId}.`,
      `ECS deployment ${rollback.id} completed.`,
    ]).toContain(rollback.rolloutStateReason);
    expect(rolledBack.taskDefinition).toBe(v1);
    if (failed) {
      // Still listed while its tasks stop.
      expect(failed).toMatchObject({ id: rolling.id, taskDefinition: v2, rolloutState: 'FAILED' });
      expect(failed.rolloutStateReason).toBe(`ECS deployment detected triggered alarms: ${ALARM}.`);
    }

    // The rollback is not watched by the alarm that started it: it completes with the alarm still in ALARM.
    await waitUntilServicesStable(wait, { cluster, services: ['web'] });
    const done = await waitUntil(
      'the rollback COMPLETED',
      async () => {
        const s = await describeService('web');
        return s.deployments![0]!.rolloutState === 'COMPLETED' && s;
      },
      30_000,
      500,
    );
    expect(done.deployments).toHaveLength(1);
    expect(done.deployments![0]).toMatchObject({ id: rollback!.id, taskDefinition: v1, runningCount: 2 });
    const events = done.events!.map((e) => e.message!);
    const failedEvent = `(service web) (deployment ${rolling.id}) deployment failed: alarm detected.`;
    const rollingBackEvent = `(service web) rolling back to deployment ${firstId}.`;
    expect(events).toContain(failedEvent);
    expect(events).toContain(rollingBackEvent);
    expect(events.indexOf(rollingBackEvent)).toBeLessThan(events.indexOf(failedEvent)); // newest first
    expect(events).toContain(`(service web) (deployment ${rollback!.id}) deployment completed.`);
    const alarm = await aws('cloudwatch', 'describe-alarms', '--alarm-names', ALARM);
    expect(alarm.MetricAlarms[0].StateValue).toBe('ALARM');
  });

  it('says in the service events which named alarms do not exist, and still deploys', async () => {
    const v1 = await registerRevision('1');
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'ghost',
        taskDefinition: v1,
        desiredCount: 1,
        deploymentConfiguration: { alarms: { alarmNames: ['berth-e2e-no-such-alarm'], enable: true, rollback: false } },
      }),
    );
    const done = await waitUntil(
      'the deployment COMPLETED',
      async () => {
        const s = await describeService('ghost');
        return s.deployments![0]!.rolloutState === 'COMPLETED' && s;
      },
      60_000,
      1000,
    );
    expect(done.events!.map((e) => e.message)).toContain(
      `(service ghost) (deployment ${done.deployments![0]!.id}) could not find the CloudWatch alarms (berth-e2e-no-such-alarm): ` +
        'they cannot fail the deployment until they exist.',
    );
  });

  it('refuses alarms enabled with no alarm names, and changes nothing', async () => {
    const before = await describeService('ghost');
    await expect(
      ecs.send(
        new UpdateServiceCommand({
          cluster,
          service: 'ghost',
          forceNewDeployment: true,
          deploymentConfiguration: { alarms: { alarmNames: [], enable: true, rollback: true } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'deploymentConfiguration.alarms.alarmNames must name at least one CloudWatch alarm when enable is true.',
    });
    const after = await describeService('ghost');
    expect(after.deploymentConfiguration).toEqual(before.deploymentConfiguration);
    expect(after.deployments!.map((d) => d.id)).toEqual(before.deployments!.map((d) => d.id));
  });
});
