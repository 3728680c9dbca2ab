/**
 * Berth's side of CloudWatch, with the AWS side mocked (aws-sdk-client-mock)
 * and every call checked exactly: the adapter's batching and paging, and the
 * metrics publisher on DynamoDB Local (usage folded by the agent poll path,
 * published once per cluster per period as statistic sets).
 */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricDataCommand,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchAdapter } from '../../../src/adapters/cloudwatch/cloudwatch-adapter.js';
import { UsageAccumulator } from '../../../src/app/metrics/usage-accumulator.js';
import { publishClusterMetrics } from '../../../src/app/metrics/publish-metrics.js';
import type { AppContext } from '../../../src/app/context.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { TaskRecord } from '../../../src/domain/task.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { freshTable } from '../../support/table.js';

const cwMock = mockClient(CloudWatchClient);
afterEach(() => cwMock.reset());
const adapter = () =>
  new CloudWatchAdapter(new CloudWatchClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));

describe('CloudWatchAdapter', () => {
  it('puts metric data in calls of at most 1,000', async () => {
    cwMock.on(PutMetricDataCommand).resolves({});
    const data: MetricDatum[] = Array.from({ length: 2300 }, (_, i) => ({ MetricName: `m${i}`, Value: i }));
    await adapter().putMetricData('Berth/ECS', data);
    const calls = cwMock.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { Namespace: 'Berth/ECS', MetricData: data.slice(0, 1000) },
      { Namespace: 'Berth/ECS', MetricData: data.slice(1000, 2000) },
      { Namespace: 'Berth/ECS', MetricData: data.slice(2000) },
    ]);
  });

  it('deletes alarms 100 at a time and reads every page of DescribeAlarms', async () => {
    cwMock.on(DeleteAlarmsCommand).resolves({});
    const names = Array.from({ length: 150 }, (_, i) => `a${i}`);
    await adapter().deleteAlarms(names);
    expect(cwMock.commandCalls(DeleteAlarmsCommand).map((c) => c.args[0].input)).toEqual([
      { AlarmNames: names.slice(0, 100) },
      { AlarmNames: names.slice(100) },
    ]);

    cwMock
      .on(DescribeAlarmsCommand, { NextToken: undefined })
      .resolves({ MetricAlarms: [{ AlarmName: 'one' }], NextToken: 't2' })
      .on(DescribeAlarmsCommand, { NextToken: 't2' })
      .resolves({ MetricAlarms: [{ AlarmName: 'two' }] });
    const alarms = await adapter().describeAlarms({ state: 'ALARM', actionPrefix: 'arn:aws:lambda:us-east-1:1:function:f' });
    expect(alarms.map((a) => a.AlarmName)).toEqual(['one', 'two']);
    expect(cwMock.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input)).toEqual([
      {
        ActionPrefix: 'arn:aws:lambda:us-east-1:1:function:f',
        StateValue: 'ALARM',
        AlarmTypes: ['MetricAlarm'],
        MaxRecords: 100,
        NextToken: undefined,
      },
      {
        ActionPrefix: 'arn:aws:lambda:us-east-1:1:function:f',
        StateValue: 'ALARM',
        AlarmTypes: ['MetricAlarm'],
        MaxRecords: 100,
        NextToken: 't2',
      },
    ]);
  });

  it('reads deployment alarms by name, metric and composite, 100 names a call', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `d${i}`);
    cwMock
      .on(DescribeAlarmsCommand, { AlarmNames: names.slice(0, 100) })
      .resolves({ MetricAlarms: [{ AlarmName: 'd0', StateValue: 'OK' }], CompositeAlarms: [{ AlarmName: 'd1', StateValue: 'ALARM' }] })
      .on(DescribeAlarmsCommand, { AlarmNames: names.slice(100) })
      .resolves({ MetricAlarms: [{ AlarmName: 'd100', StateValue: 'INSUFFICIENT_DATA' }] });
    const alarms = await adapter().describeAlarmsByName(names);
    expect(alarms.map((a) => [a.AlarmName, a.StateValue])).toEqual([
      ['d0', 'OK'],
      ['d100', 'INSUFFICIENT_DATA'],
      ['d1', 'ALARM'],
    ]);
    expect(cwMock.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input)).toEqual([
      { AlarmNames: names.slice(0, 100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: undefined },
      { AlarmNames: names.slice(100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: undefined },
    ]);
  });

  it('reads the last whole periods of a metric with GetMetricData, oldest first', async () => {
    cwMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm', Timestamps: [new Date(1_000_020_000), new Date(1_000_030_000)], Values: [70, 80], StatusCode: 'Complete' },
      ],
    });
    const metric = {
      Namespace: 'Berth/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'ClusterName', Value: 'c' }],
      Statistic: 'Average' as const,
    };
    const points = await adapter().recentValues(metric, 10, 3, 1_000_045_000);
    expect(points).toEqual([
      { timestamp: 1_000_020_000, value: 70 },
      { timestamp: 1_000_030_000, value: 80 },
    ]);
    expect(cwMock.commandCalls(GetMetricDataCommand)[0].args[0].input).toEqual({
      StartTime: new Date(1_000_010_000),
      EndTime: new Date(1_000_040_000),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: {
            Metric: { Namespace: 'Berth/ECS', MetricName: 'CPUUtilization', Dimensions: metric.Dimensions },
            Period: 10,
            Stat: 'Average',
          },
        },
      ],
    });
  });
});

describe('metrics publisher', () => {
  let ctx: AppContext;
  let now = Date.UTC(2026, 0, 1, 12, 0, 5);
  const PERIOD = 10;
  beforeAll(async () => {
    const config = { ...(await freshTable()), metricPeriodSeconds: PERIOD };
    ctx = buildAppContext(config, { clock: { now: () => now }, cloudwatch: adapter() });
    await createCluster({ clusterName: 'metrics' }, ctx);
  });

  const task = (id: string, service: string | undefined, cpu: number, memory: string | undefined): TaskRecord =>
    ({
      taskArn: `arn:aws:ecs:us-east-1:000000000000:task/metrics/${id}`,
      taskId: id,
      family: 'f',
      revision: 1,
      lastStatus: 'RUNNING',
      serviceName: service,
      memory,
      reservation: { cpu, memory: 64, tcpPorts: [], udpPorts: [], group: 'g', computeHeld: true },
    }) as unknown as TaskRecord;

  it('folds usage per instance (one write per period), then publishes one PutMetricData of statistic sets per period', async () => {
    const accumulator = new UsageAccumulator(ctx.usage, PERIOD);
    const live = new Map(
      [task('a', 'web', 256, '128'), task('b', 'web', 256, '128'), task('c', undefined, 0, '64')].map((t) => [t.taskArn, { task: t }]),
    );
    const definitions = async () => undefined;
    const report = (aCpu: number, bCpu: number) => [
      { taskArn: live.get('arn:aws:ecs:us-east-1:000000000000:task/metrics/a')!.task.taskArn, cpuPercent: aCpu, memoryBytes: 64 * 2 ** 20 },
      { taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/metrics/b', cpuPercent: bCpu, memoryBytes: 32 * 2 ** 20 },
      { taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/metrics/c', cpuPercent: 50, memoryBytes: 0 },
      { taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/metrics/gone', cpuPercent: 99, memoryBytes: 1 },
    ];
    // Period 12:00:00: the first report is written at once; the second waits for the next period's write.
    await accumulator.add('metrics', 'i-1', report(50, 25), live, definitions, now);
    now += 3000;
    await accumulator.add('metrics', 'i-1', report(100, 0), live, definitions, now);
    const period = Date.UTC(2026, 0, 1, 12, 0, 0) / 1000;
    const stored = await ctx.usage.forPeriod('metrics', period);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ instanceId: 'i-1', samples: 1 });
    // 50 % of a core = 512 units on a 256-unit reservation: 200 %; 25 % → 100 %.
    expect(stored[0].services.web).toMatchObject({
      cpuSamples: 2,
      cpuUsed: 768,
      cpuReserved: 512,
      cpuMin: 100,
      cpuMax: 200,
      memUsed: 96,
      memReserved: 256,
    });

    cwMock.on(PutMetricDataCommand).resolves({});
    now = Date.UTC(2026, 0, 1, 12, 0, 10, 500); // the next period: 12:00:00 is closed
    const summary = await publishClusterMetrics(ctx, 'metrics');
    expect(summary).toMatchObject({ periods: [period] });
    const calls = cwMock.commandCalls(PutMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.Namespace).toBe('Berth/ECS');
    const ts = new Date(period * 1000);
    const dims = [
      { Name: 'ClusterName', Value: 'metrics' },
      { Name: 'ServiceName', Value: 'web' },
    ];
    expect(input.MetricData).toEqual([
      // Used ÷ reserved = 768 ÷ 512 = 150 %, over 2 samples; the extremes are the per-task ones.
      {
        MetricName: 'CPUUtilization',
        Dimensions: dims,
        Timestamp: ts,
        Unit: 'Percent',
        StorageResolution: 1,
        StatisticValues: { SampleCount: 2, Sum: 300, Minimum: 100, Maximum: 200 },
      },
      {
        MetricName: 'MemoryUtilization',
        Dimensions: dims,
        Timestamp: ts,
        Unit: 'Percent',
        StorageResolution: 1,
        StatisticValues: { SampleCount: 2, Sum: 75, Minimum: 25, Maximum: 50 },
      },
    ]);

    // Again in the same period: already published, no second call.
    await publishClusterMetrics(ctx, 'metrics');
    expect(cwMock.commandCalls(PutMetricDataCommand)).toHaveLength(1);
  });
});
