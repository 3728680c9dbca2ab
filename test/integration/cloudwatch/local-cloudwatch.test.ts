/**
 * The local CloudWatch on DynamoDB Local, driven by the stock clients it
 * serves: @aws-sdk/client-cloudwatch (AWS JSON 1.0) and /usr/bin/aws (the
 * query protocol), through the edge as `npm start` serves it. The clock is
 * the twin's own, moved by the test; the evaluator runs on demand.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureTable } from '../../../infra/local/ensure-tables.js';
import { startEdge, type Edge } from '../../../infra/local/edge.js';
import { freePort } from '../../../infra/local/ports.js';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client.js';
import { autoScalingRoute, lambdaRoute, type LambdaAlarmEvent } from '../../../src/adapters/local/cloudwatch/alarm-actions.js';
import { CloudWatchTwin } from '../../../src/adapters/local/cloudwatch/cloudwatch-twin.js';
import { CLOUDWATCH_TABLE_SPEC } from '../../../src/adapters/local/cloudwatch/table.js';
import { KeyFileCipher } from '../../../src/adapters/secrets/key-file-cipher.js';
import { createCredential, ensureDefaultCredential } from '../../../src/app/security/credentials.js';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { awsCli } from '../../support/aws-cli.js';
import { MemoryCredentials } from '../../support/memory-credentials.js';

const PERIOD = 10;
/** The twin's clock: the real time plus what the test skipped ahead. */
let skew = 0;
const now = () => Date.now() + skew;
const invoked: { fn: string; event: LambdaAlarmEvent }[] = [];
const invoke = async (fn: string, event: unknown) => {
  if (fn === 'broken') throw new Error('function not found');
  invoked.push({ fn, event: event as LambdaAlarmEvent });
};

let twin: CloudWatchTwin;
let edge: Edge;
let cw: CloudWatchClient;
const cli = (...args: string[]) => awsCli(edge.endpoint).json('cloudwatch', ...args);
/** The CLI's stderr when it fails, '' when it succeeds. */
const cliError = async (...args: string[]) => {
  const out = await awsCli(edge.endpoint).run('cloudwatch', ...args);
  return out.code === 0 ? '' : out.stderr;
};

/** Verifies SigV4 as the stack's twin does: test/test (admin) and a read-only key. */
const credentials = new MemoryCredentials();
const keyFile = join(mkdtempSync(join(tmpdir(), 'berth-key-')), 'secret.key');
KeyFileCipher.ensure(keyFile);
const cipher = KeyFileCipher.load(keyFile);
const arn = { region: 'us-east-1', accountId: '000000000000' };
let reader: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  const sec = { arn, clock: { now: Date.now }, credentials, joinTokens: undefined as never, cipher };
  await ensureDefaultCredential(sec);
  reader = await createCredential({ name: 'reader', policy: 'read-only' }, sec);
  const endpoint = inject('dynamodbEndpoint');
  const tableName = `cw-${randomUUID()}`;
  await ensureTable(endpoint, tableName, CLOUDWATCH_TABLE_SPEC);
  twin = new CloudWatchTwin({
    db: createDocumentClient({ region: 'us-east-1', dynamodbEndpoint: endpoint }),
    tableName,
    region: 'us-east-1',
    accountId: '000000000000',
    routes: [lambdaRoute(invoke), autoScalingRoute('Application Auto Scaling policy', /:resource\//, 'scale-fn', invoke)],
    tickMs: PERIOD * 1000,
    auth: { signingName: 'monitoring', actionPrefix: 'cloudwatch', authenticator: new Authenticator({ credentials, cipher, arn }) },
    now,
    log: { info: () => {}, warn: () => {}, error: (m, d) => console.error(m, d) },
  });
  edge = await startEdge({ port: await freePort(), offlineHttpPort: await freePort(), twins: [twin] });
  cw = new CloudWatchClient({
    endpoint: edge.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  cw?.destroy();
  await edge?.stop();
  await twin?.stop();
});

/** The start of the period `back` periods before the current one, in epoch seconds. */
const periodStart = (back: number) => (Math.floor(now() / 1000 / PERIOD) - back) * PERIOD;

describe('metrics', () => {
  it('keeps statistic sets exact: PutMetricData in three forms, GetMetricData and GetMetricStatistics', async () => {
    const t = periodStart(2);
    const Dimensions = [{ Name: 'ServiceName', Value: 'web' }];
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'Test/Stats',
        MetricData: [
          {
            MetricName: 'Load',
            Dimensions,
            Timestamp: new Date(t * 1000),
            StatisticValues: { SampleCount: 4, Sum: 200, Minimum: 10, Maximum: 90 },
            StorageResolution: 1,
          },
          { MetricName: 'Load', Dimensions, Timestamp: new Date((t + 3) * 1000), Value: 100, StorageResolution: 1 },
          { MetricName: 'Load', Dimensions, Timestamp: new Date((t + 5) * 1000), Values: [5, 20], Counts: [2, 1], StorageResolution: 1 },
        ],
      }),
    );
    const data = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date((t - PERIOD) * 1000),
        EndTime: new Date((t + PERIOD) * 1000),
        MetricDataQueries: ['Average', 'Sum', 'SampleCount', 'Minimum', 'Maximum'].map((Stat) => ({
          Id: Stat.toLowerCase(),
          MetricStat: { Metric: { Namespace: 'Test/Stats', MetricName: 'Load', Dimensions }, Period: PERIOD, Stat },
        })),
      }),
    );
    const values = Object.fromEntries(data.MetricDataResults!.map((r) => [r.Id, r.Values]));
    // 4 + 1 + 3 samples; 200 + 100 + (5·2 + 20) = 330.
    expect(values).toEqual({ average: [330 / 8], sum: [330], samplecount: [8], minimum: [5], maximum: [100] });
    expect(data.MetricDataResults![0].Timestamps).toEqual([new Date(t * 1000)]);

    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'Test/Stats',
        MetricName: 'Load',
        Dimensions,
        StartTime: new Date((t - PERIOD) * 1000),
        EndTime: new Date((t + PERIOD) * 1000),
        Period: PERIOD,
        Statistics: ['Maximum', 'SampleCount'],
      }),
    );
    expect(stats.Datapoints).toEqual([{ Timestamp: new Date(t * 1000), Maximum: 100, SampleCount: 8, Unit: 'None' }]);
    // Another set of dimensions is another metric.
    const other = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'Test/Stats',
        MetricName: 'Load',
        StartTime: new Date((t - PERIOD) * 1000),
        EndTime: new Date((t + PERIOD) * 1000),
        Period: PERIOD,
        Statistics: ['Sum'],
      }),
    );
    expect(other.Datapoints).toEqual([]);
  });

  it('serves the AWS CLI (query protocol) from the same data: put-metric-data, get-metric-statistics, list-metrics', async () => {
    const t = periodStart(1);
    await cli(
      'put-metric-data',
      '--namespace',
      'Test/Cli',
      '--metric-name',
      'Queue',
      '--dimensions',
      'Queue=jobs',
      '--value',
      '7',
      '--storage-resolution',
      '1',
      '--timestamp',
      new Date(t * 1000).toISOString(),
    );
    await cli(
      'put-metric-data',
      '--namespace',
      'Test/Cli',
      '--metric-data',
      `MetricName=Queue,Dimensions=[{Name=Queue,Value=jobs}],Value=3,StorageResolution=1,Timestamp=${new Date((t + 1) * 1000).toISOString()}`,
    );
    const stats = await cli(
      'get-metric-statistics',
      '--namespace',
      'Test/Cli',
      '--metric-name',
      'Queue',
      '--dimensions',
      'Name=Queue,Value=jobs',
      '--start-time',
      new Date((t - PERIOD) * 1000).toISOString(),
      '--end-time',
      new Date((t + PERIOD) * 1000).toISOString(),
      '--period',
      String(PERIOD),
      '--statistics',
      'Average',
      'Maximum',
    );
    expect(stats.Datapoints).toEqual([
      { Timestamp: new Date(t * 1000).toISOString().replace('.000Z', '+00:00'), Average: 5, Maximum: 7, Unit: 'None' },
    ]);
    const listed = await cli('list-metrics', '--namespace', 'Test/Cli');
    expect(listed.Metrics).toEqual([{ Namespace: 'Test/Cli', MetricName: 'Queue', Dimensions: [{ Name: 'Queue', Value: 'jobs' }] }]);
    const sdkListed = await cw.send(new ListMetricsCommand({ Namespace: 'Test/Cli', Dimensions: [{ Name: 'Queue' }] }));
    expect(sdkListed.Metrics).toHaveLength(1);
  });

  it.each([
    ['NaN', { MetricName: 'm', Value: NaN }, 'InvalidParameterValue'],
    ['Infinity', { MetricName: 'm', Value: Infinity }, 'InvalidParameterValue'],
    ['151 values', { MetricName: 'm', Values: Array.from({ length: 151 }, (_, i) => i) }, 'InvalidParameterValue'],
    ['values and counts of different sizes', { MetricName: 'm', Values: [1, 2], Counts: [1] }, 'InvalidParameterCombination'],
    [
      'Value and StatisticValues',
      { MetricName: 'm', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } },
      'InvalidParameterCombination',
    ],
    [
      'a minimum above the maximum',
      { MetricName: 'm', StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 2, Maximum: 1 } },
      'InvalidParameterValue',
    ],
    [
      'a timestamp three weeks old',
      { MetricName: 'm', Value: 1, Timestamp: new Date(Date.now() - 21 * 86_400_000) },
      'InvalidParameterValue',
    ],
    [
      'a duplicated dimension',
      {
        MetricName: 'm',
        Value: 1,
        Dimensions: [
          { Name: 'a', Value: '1' },
          { Name: 'a', Value: '2' },
        ],
      },
      'InvalidParameterValue',
    ],
  ])('refuses a datum with %s and stores nothing of the request', async (_what, bad, code) => {
    const err = await cw
      .send(new PutMetricDataCommand({ Namespace: 'Test/Bad', MetricData: [{ MetricName: 'good', Value: 1 }, bad as never] }))
      .catch((e) => e);
    expect(err.Code).toBe(code);
    expect((await cw.send(new ListMetricsCommand({ Namespace: 'Test/Bad' }))).Metrics).toEqual([]);
  });

  it('refuses more than 1,000 data, AWS/ namespaces and percentiles', async () => {
    const many = Array.from({ length: 1001 }, () => ({ MetricName: 'm', Value: 1 }));
    expect((await cw.send(new PutMetricDataCommand({ Namespace: 'Test/Bad', MetricData: many })).catch((e) => e)).Code).toBe(
      'InvalidParameterValue',
    );
    expect(
      (await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/ECS', MetricData: [{ MetricName: 'm', Value: 1 }] })).catch((e) => e)).Code,
    ).toBe('InvalidParameterValue');
    const p90 = await cw
      .send(
        new GetMetricStatisticsCommand({
          Namespace: 'Test/Stats',
          MetricName: 'Load',
          StartTime: new Date(0),
          EndTime: new Date(),
          Period: 86_400 * 30,
          ExtendedStatistics: ['p90'],
        }),
      )
      .catch((e) => e);
    expect(p90.Code).toBe('InvalidParameterValue');
    expect(p90.message).toMatch(/not supported/);
    expect(await cliError('put-metric-data', '--namespace', 'Test/Bad', '--metric-name', 'm', '--value', 'NaN')).toMatch(
      /InvalidParameterValue/,
    );
  });
});

describe('alarms', () => {
  const base = (name: string, over: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({
    AlarmName: name,
    Namespace: 'Test/Alarm',
    MetricName: name,
    Statistic: 'Average',
    Period: PERIOD,
    EvaluationPeriods: 3,
    Threshold: 50,
    ComparisonOperator: 'GreaterThanThreshold',
    AlarmActions: ['arn:aws:lambda:us-east-1:000000000000:function:scale-me'],
    ...over,
  });
  const put = (metric: string, back: number, value: number) =>
    cw.send(
      new PutMetricDataCommand({
        Namespace: 'Test/Alarm',
        MetricData: [{ MetricName: metric, Timestamp: new Date(periodStart(back) * 1000), Value: value, StorageResolution: 1 }],
      }),
    );
  const describe1 = async (name: string) => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0];
  /** The next evaluation: one period later on the twin's clock. */
  const nextPeriod = async () => {
    skew += PERIOD * 1000;
    await twin.evaluator.evaluateDue();
  };

  it('goes to ALARM after 3 of 3 breaching periods, invokes its Lambda once with CloudWatch’s event, and records history', async () => {
    await cw.send(new PutMetricAlarmCommand(base('cpu-high')));
    const created = await describe1('cpu-high');
    expect(created).toMatchObject({
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      ActionsEnabled: true,
    });
    expect(created.AlarmArn).toBe('arn:aws:cloudwatch:us-east-1:000000000000:alarm:cpu-high');
    for (const back of [3, 2, 1]) await put('cpu-high', back - 1, 80 + back);
    invoked.length = 0;
    await nextPeriod();
    const alarm = await describe1('cpu-high');
    expect(alarm.StateValue).toBe('ALARM');
    expect(alarm.StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[81\.0 .*\] were greater than the threshold \(50\.0\)/,
    );
    expect(JSON.parse(alarm.StateReasonData!)).toMatchObject({
      version: '1.0',
      statistic: 'Average',
      period: PERIOD,
      recentDatapoints: [83, 82, 81],
      threshold: 50,
    });
    expect(invoked).toHaveLength(1);
    expect(invoked[0].fn).toBe('scale-me');
    expect(invoked[0].event).toMatchObject({
      source: 'aws.cloudwatch',
      alarmArn: alarm.AlarmArn,
      accountId: '000000000000',
      region: 'us-east-1',
      alarmData: {
        alarmName: 'cpu-high',
        state: { value: 'ALARM' },
        previousState: { value: 'INSUFFICIENT_DATA', reason: 'Unchecked: Initial alarm creation' },
        configuration: {
          metrics: [
            {
              metricStat: { metric: { namespace: 'Test/Alarm', name: 'cpu-high', dimensions: {} }, period: PERIOD, stat: 'Average' },
              returnData: true,
            },
          ],
        },
      },
    });
    // Still breaching next period: no transition, and a Lambda action does not run again.
    await put('cpu-high', 0, 90);
    await nextPeriod();
    expect(invoked).toHaveLength(1);
    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'cpu-high' }));
    expect(history.AlarmHistoryItems!.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ['Action', 'Successfully executed action arn:aws:lambda:us-east-1:000000000000:function:scale-me'],
      ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
      ['ConfigurationUpdate', 'Alarm "cpu-high" created'],
    ]);
    const cliHistory = await cli('describe-alarm-history', '--alarm-name', 'cpu-high', '--history-item-type', 'StateUpdate');
    expect(cliHistory.AlarmHistoryItems).toHaveLength(1);
    expect(JSON.parse(cliHistory.AlarmHistoryItems[0].HistoryData)).toMatchObject({
      oldState: { stateValue: 'INSUFFICIENT_DATA' },
      newState: { stateValue: 'ALARM' },
    });
  });

  it('repeats an Auto Scaling policy action every period the alarm stays in ALARM (CloudWatch’s exception), a Lambda action never', async () => {
    const policy =
      'arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:8a5b7ccd-6f36-4d35-a0a6-2b2ddbd6b5e1:resource/ecs/service/default/web:policyName/step';
    await cw.send(new PutMetricAlarmCommand(base('queue-deep', { EvaluationPeriods: 1, AlarmActions: [policy] })));
    invoked.length = 0;
    await put('queue-deep', 0, 99);
    await nextPeriod();
    await put('queue-deep', 0, 99);
    await nextPeriod();
    expect(invoked.map((i) => [i.fn, i.event.alarmData.state.value])).toEqual([
      ['scale-fn', 'ALARM'],
      ['scale-fn', 'ALARM'],
    ]);
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['queue-deep'] }));
    await put('queue-deep', 0, 99);
    await nextPeriod();
    expect(invoked).toHaveLength(2);
    expect((await describe1('queue-deep')).ActionsEnabled).toBe(false);
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ['queue-deep'] }));
    expect((await describe1('queue-deep')).ActionsEnabled).toBe(true);
  });

  it('SetAlarmState transitions (and runs actions) until the next evaluation; a failed action is in the history', async () => {
    await cw.send(new PutMetricAlarmCommand(base('manual', { AlarmActions: ['arn:aws:lambda:us-east-1:000000000000:function:broken'] })));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'manual', StateValue: 'ALARM', StateReason: 'testing' }));
    expect(await describe1('manual')).toMatchObject({ StateValue: 'ALARM', StateReason: 'testing' });
    const actions = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'manual', HistoryItemType: 'Action' }));
    expect(actions.AlarmHistoryItems![0].HistorySummary).toMatch(/^Failed to execute action arn:aws:lambda:.*:function:broken/);
    await nextPeriod(); // no data at all: missing → INSUFFICIENT_DATA
    expect((await describe1('manual')).StateValue).toBe('INSUFFICIENT_DATA');
    expect((await cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })).catch((e) => e)).Code).toBe(
      'ResourceNotFound',
    );
    expect(
      (
        await cw
          .send(new SetAlarmStateCommand({ AlarmName: 'manual', StateValue: 'OK', StateReason: 'x', StateReasonData: 'not json' }))
          .catch((e) => e)
      ).Code,
    ).toBe('InvalidFormat');
  });

  it('updating an alarm keeps its state; DescribeAlarms filters by prefix, state and action; DeleteAlarms deletes', async () => {
    const before = await describe1('cpu-high');
    await cw.send(new PutMetricAlarmCommand(base('cpu-high', { Threshold: 60 })));
    const after = await describe1('cpu-high');
    expect(after).toMatchObject({ StateValue: before.StateValue, Threshold: 60 });
    const byPrefix = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'cpu-' }));
    expect(byPrefix.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['cpu-high']);
    const byAction = await cw.send(new DescribeAlarmsCommand({ ActionPrefix: 'arn:aws:autoscaling:' }));
    expect(byAction.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['queue-deep']);
    const alarming = await cli('describe-alarms', '--state-value', 'ALARM');
    const sdkAlarming = await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(alarming.MetricAlarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual(sdkAlarming.MetricAlarms!.map((a) => a.AlarmName));
    expect(alarming.MetricAlarms.length).toBeGreaterThan(0);
    await cli('delete-alarms', '--alarm-names', 'cpu-high', 'never-existed');
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['cpu-high'] }))).MetricAlarms).toEqual([]);
  });

  it.each([
    ['an unknown statistic', { Statistic: 'Median' as never }, 'ValidationError'],
    ['a percentile', { Statistic: undefined, ExtendedStatistic: 'p90' }, 'InvalidParameterValue'],
    ['a 15 s period', { Period: 15 }, 'InvalidParameterValue'],
    ['more than a day of evaluation', { Period: 3600, EvaluationPeriods: 25 }, 'ValidationError'],
    ['DatapointsToAlarm above EvaluationPeriods', { DatapointsToAlarm: 4 }, 'ValidationError'],
    ['an SNS action', { AlarmActions: ['arn:aws:sns:us-east-1:000000000000:topic'] }, 'InvalidParameterValue'],
    ['an unknown TreatMissingData', { TreatMissingData: 'sometimes' }, 'InvalidParameterValue'],
    ['no threshold', { Threshold: undefined }, 'MissingParameter'],
  ])('refuses an alarm with %s and creates nothing', async (_what, over, code) => {
    const err = await cw.send(new PutMetricAlarmCommand(base('bad', over))).catch((e) => e);
    expect(err.Code).toBe(code);
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['bad'] }))).MetricAlarms).toEqual([]);
  });

  it('answers the CLI’s bad input with query-protocol errors', async () => {
    const out = await cliError(
      'put-metric-alarm',
      '--alarm-name',
      'bad',
      '--namespace',
      'N',
      '--metric-name',
      'M',
      '--statistic',
      'Average',
      '--period',
      '15',
      '--evaluation-periods',
      '1',
      '--threshold',
      '1',
      '--comparison-operator',
      'GreaterThanThreshold',
    );
    expect(out).toMatch(/\(InvalidParameterValue\).*Period must be 10, 30, or a multiple of 60/);
  });

  it('cleans up', async () => {
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['queue-deep', 'manual'] }));
  });
});

describe('SigV4, as the stack serves it', () => {
  it('verifies a gzip PutMetricData (the SDK compresses past 10 KB) over its bytes as sent, then stores it', async () => {
    let encoding: string | undefined;
    const big = new CloudWatchClient({
      endpoint: edge.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    big.middlewareStack.add(
      (next) => async (args) => {
        encoding = (args.request as { headers: Record<string, string> }).headers['content-encoding'];
        return next(args);
      },
      { step: 'finalizeRequest', name: 'seeEncoding' },
    );
    const MetricData = Array.from({ length: 300 }, (_, i) => ({
      MetricName: 'Depth',
      Dimensions: [{ Name: 'Shard', Value: `shard-${i}` }],
      Value: i,
    }));
    await big.send(new PutMetricDataCommand({ Namespace: 'Test/Gzip', MetricData }));
    big.destroy();
    expect(encoding).toBe('gzip');
    expect((await cw.send(new ListMetricsCommand({ Namespace: 'Test/Gzip' }))).Metrics).toHaveLength(300);
  });

  it('refuses a wrong secret, an unknown key and a write by a read-only key, on both protocols, and changes nothing', async () => {
    const as = (key: { accessKeyId: string; secretAccessKey: string }) =>
      new CloudWatchClient({ endpoint: edge.endpoint, region: 'us-east-1', credentials: key });
    const put = new PutMetricDataCommand({ Namespace: 'Test/Auth', MetricData: [{ MetricName: 'X', Value: 1 }] });
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: { name: string }) => e.name,
      );
    expect(await failure(as({ accessKeyId: 'test', secretAccessKey: 'wrong' }).send(put))).toBe('InvalidSignatureException');
    expect(await failure(as({ accessKeyId: 'BKIANOBODYNOBODYNOBO', secretAccessKey: 'x' }).send(put))).toBe('UnrecognizedClientException');
    expect(await failure(as(reader).send(put))).toBe('AccessDeniedException');
    const cliAs = async (key: { accessKeyId: string; secretAccessKey: string }, ...args: string[]) => {
      const out = await awsCli(edge.endpoint, { credentials: key }).run('cloudwatch', ...args);
      return out.code === 0 ? 'accepted' : /\((\w+)\)/.exec(out.stderr)?.[1];
    };

    const cliPut = ['put-metric-data', '--namespace', 'Test/Auth', '--metric-name', 'X', '--value', '1'];
    expect(await cliAs({ accessKeyId: 'test', secretAccessKey: 'wrong' }, ...cliPut)).toBe('SignatureDoesNotMatch');
    expect(await cliAs(reader, ...cliPut)).toBe('AccessDenied');
    expect(await cliAs(reader, 'list-metrics', '--namespace', 'Test/Auth')).toBe('accepted');
    expect((await cw.send(new ListMetricsCommand({ Namespace: 'Test/Auth' }))).Metrics).toEqual([]);
  });
});
