import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { evaluationSpan, readDeploymentAlarms } from '../../../src/app/reconcile/deployment-alarms.js';
import type { DeploymentRecord, ServiceRecord } from '../../../src/domain/service.js';
import type { CloudWatchPort } from '../../../src/ports/cloudwatch.js';
import { deployment, service } from '../scheduler/reconcile/harness.js';

const watched = (name: string, alarmNames: string[], primary: Partial<DeploymentRecord> = {}): ServiceRecord =>
  service({
    serviceName: name,
    serviceArn: `arn:aws:ecs:us-east-1:123456789012:service/test/${name}`,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, alarms: { alarmNames, enable: true, rollback: true } },
    deployments: [deployment('ecs-svc/2', { rolloutState: 'IN_PROGRESS', ...primary })],
  });

function fakeCloudWatch(alarms: (MetricAlarm | CompositeAlarm)[] | Error) {
  const calls: (readonly string[])[] = [];
  const port = {
    describeAlarmsByName: async (names: readonly string[]) => {
      calls.push(names);
      if (alarms instanceof Error) throw alarms;
      return alarms.filter((a) => names.includes(a.AlarmName!));
    },
  } as unknown as CloudWatchPort;
  return { port, calls };
}

describe('reading deployment alarms for a pass', () => {
  it('reads every watched service’s alarms in one call, with the bake time from the alarms', async () => {
    const cw = fakeCloudWatch([
      { AlarmName: 'errors', StateValue: 'ALARM', Period: 60, EvaluationPeriods: 3 },
      { AlarmName: 'latency', StateValue: 'OK', Period: 10, EvaluationPeriods: 2 },
      { AlarmName: 'other', StateValue: 'ALARM', Period: 600, EvaluationPeriods: 5 },
      { AlarmName: 'composite', StateValue: 'OK', AlarmRule: 'ALARM(errors) OR ALARM(latency)' },
    ]);
    const a = watched('a', ['errors', 'latency']);
    const b = watched('b', ['latency', 'missing', 'composite']);
    const done = watched('c', ['other'], { rolloutState: 'COMPLETED' });
    const rollback = watched('d', ['other'], { alarmsStatus: 'DISABLED' });
    const readings = await readDeploymentAlarms({ cloudwatch: cw.port }, [a, b, done, rollback]);
    expect(cw.calls).toEqual([['errors', 'latency', 'missing', 'composite']]);
    expect(readings.get(a.serviceArn)).toEqual({ states: { errors: 'ALARM', latency: 'OK' }, bakeSeconds: 180 });
    expect(readings.get(b.serviceArn)).toEqual({ states: { latency: 'OK', composite: 'OK' }, bakeSeconds: 20 });
    expect(readings.has(done.serviceArn)).toBe(false);
    expect(readings.has(rollback.serviceArn)).toBe(false);
  });

  it('makes no call when no deployment is watched', async () => {
    const cw = fakeCloudWatch([]);
    const off = service({
      deploymentConfiguration: { alarms: { alarmNames: ['errors'], enable: false, rollback: true } },
      deployments: [deployment('ecs-svc/2', { rolloutState: 'IN_PROGRESS' })],
    });
    expect((await readDeploymentAlarms({ cloudwatch: cw.port }, [off, service()])).size).toBe(0);
    expect(cw.calls).toEqual([]);
  });

  it('gives no readings when CloudWatch fails, and says so', async () => {
    const cw = fakeCloudWatch(new Error('Rate exceeded'));
    const lines: [string, Record<string, unknown>][] = [];
    const readings = await readDeploymentAlarms({ cloudwatch: cw.port }, [watched('a', ['errors'])], {
      info: (m, d) => lines.push([m, d]),
    });
    expect(readings.size).toBe(0);
    expect(lines).toEqual([['deployment alarms not read', { alarms: 1, error: 'Rate exceeded' }]]);
  });

  it('metric math alarms: the longest period among their metrics', () => {
    expect(
      evaluationSpan({
        EvaluationPeriods: 2,
        Metrics: [
          { Id: 'e', Expression: 'm1/m2' },
          { Id: 'm1', MetricStat: { Period: 300 } as never },
          { Id: 'm2', Period: 60 },
        ],
      }),
    ).toBe(600);
  });
});
