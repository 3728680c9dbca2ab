/**
 * Berth's CloudWatch adapter: @aws-sdk/client-cloudwatch, the same code on
 * AWS and locally (where `endpoint` is the local CloudWatch on the edge).
 * Batches to CloudWatch's per-request limits (1,000 metric data per
 * PutMetricData, 100 alarms per DeleteAlarms/DescribeAlarms page).
 */
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  type AlarmType,
  type CompositeAlarm,
  type MetricAlarm,
  type MetricDatum,
  type PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import type { BerthConfig } from '../../config.js';
import type { CloudWatchPort, MetricPoint, MetricQuery } from '../../ports/cloudwatch.js';

export const MAX_DATA_PER_PUT = 1000;
const MAX_ALARMS_PER_CALL = 100;

export function cloudWatchClient(config: Pick<BerthConfig, 'region' | 'cloudwatchEndpoint'>): CloudWatchClient {
  return new CloudWatchClient({
    region: config.region,
    ...(config.cloudwatchEndpoint ? { endpoint: config.cloudwatchEndpoint } : {}),
    maxAttempts: 3,
  });
}

export class CloudWatchAdapter implements CloudWatchPort {
  constructor(private readonly cw: CloudWatchClient) {}

  async putMetricData(namespace: string, data: MetricDatum[]): Promise<void> {
    for (let i = 0; i < data.length; i += MAX_DATA_PER_PUT) {
      await this.cw.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(i, i + MAX_DATA_PER_PUT) }));
    }
  }

  async putMetricAlarm(alarm: PutMetricAlarmInput): Promise<void> {
    await this.cw.send(new PutMetricAlarmCommand(alarm));
  }

  async deleteAlarms(names: readonly string[]): Promise<void> {
    for (let i = 0; i < names.length; i += MAX_ALARMS_PER_CALL) {
      await this.cw.send(new DeleteAlarmsCommand({ AlarmNames: names.slice(i, i + MAX_ALARMS_PER_CALL) }));
    }
  }

  async describeAlarms(query: Parameters<CloudWatchPort['describeAlarms']>[0]): Promise<MetricAlarm[]> {
    return (await this.describe(query, ['MetricAlarm'])).metric;
  }

  async describeAlarmsByName(names: readonly string[]): Promise<(MetricAlarm | CompositeAlarm)[]> {
    const found = await this.describe({ names }, ['MetricAlarm', 'CompositeAlarm']);
    return [...found.metric, ...found.composite];
  }

  private async describe(
    query: Parameters<CloudWatchPort['describeAlarms']>[0],
    types: AlarmType[],
  ): Promise<{ metric: MetricAlarm[]; composite: CompositeAlarm[] }> {
    const out = { metric: [] as MetricAlarm[], composite: [] as CompositeAlarm[] };
    const nameBatches = query.names ? chunks(query.names, MAX_ALARMS_PER_CALL) : [undefined];
    for (const names of nameBatches) {
      let token: string | undefined;
      do {
        const page = await this.cw.send(
          new DescribeAlarmsCommand({
            ...(names ? { AlarmNames: names } : {}),
            ...(query.actionPrefix ? { ActionPrefix: query.actionPrefix } : {}),
            ...(query.state ? { StateValue: query.state } : {}),
            AlarmTypes: types,
            MaxRecords: MAX_ALARMS_PER_CALL,
            NextToken: token,
          }),
        );
        out.metric.push(...(page.MetricAlarms ?? []));
        out.composite.push(...(page.CompositeAlarms ?? []));
        token = page.NextToken;
      } while (token);
    }
    return out;
  }

  async recentValues(metric: MetricQuery, periodSeconds: number, periods: number, now: number): Promise<MetricPoint[]> {
    const periodMs = periodSeconds * 1000;
    const end = Math.floor(now / periodMs) * periodMs;
    const out = await this.cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(end - periods * periodMs),
        EndTime: new Date(end),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          {
            Id: 'm',
            MetricStat: {
              Metric: { Namespace: metric.Namespace, MetricName: metric.MetricName, Dimensions: metric.Dimensions },
              Period: periodSeconds,
              Stat: metric.Statistic,
              ...(metric.Unit ? { Unit: metric.Unit } : {}),
            },
          },
        ],
      }),
    );
    const r = out.MetricDataResults?.[0];
    return (r?.Timestamps ?? []).map((t, i) => ({ timestamp: t.getTime(), value: r!.Values![i] }));
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
