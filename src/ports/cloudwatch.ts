import type {
  CompositeAlarm,
  Dimension,
  MetricAlarm,
  MetricDatum,
  PutMetricAlarmInput,
  StateValue,
  Statistic,
  StandardUnit,
} from '@aws-sdk/client-cloudwatch';

/** A metric and how to read it: the CloudWatch identity plus a statistic. */
export interface MetricQuery {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
  Statistic: Statistic;
  Unit?: StandardUnit;
}

export interface MetricPoint {
  /** Epoch ms of the period start. */
  timestamp: number;
  value: number;
}

/**
 * What Berth needs from CloudWatch (src/adapters/cloudwatch): the same code
 * talks to the local twin and to AWS; only the endpoint differs. Shared by
 * service scaling (this issue) and cluster scaling (capacity providers).
 */
export interface CloudWatchPort {
  /** One PutMetricData call per 1,000 data (CloudWatch's cap per request). */
  putMetricData(namespace: string, data: MetricDatum[]): Promise<void>;
  putMetricAlarm(alarm: PutMetricAlarmInput): Promise<void>;
  /** Deletes alarms by name (in batches of 100); names that do not exist are skipped. */
  deleteAlarms(names: readonly string[]): Promise<void>;
  /** Metric alarms by name, or by action prefix / state (every page). */
  describeAlarms(query: { names?: readonly string[]; actionPrefix?: string; state?: StateValue }): Promise<MetricAlarm[]>;
  /** Alarms by name, metric and composite (deployment alarms may name either; every page, 100 names a call). */
  describeAlarmsByName(names: readonly string[]): Promise<(MetricAlarm | CompositeAlarm)[]>;
  /** Datapoints of the last `periods` whole periods before `now`, oldest first (missing periods are absent). */
  recentValues(metric: MetricQuery, periodSeconds: number, periods: number, now: number): Promise<MetricPoint[]>;
}
