/** PutMetricData, GetMetricData, GetMetricStatistics and ListMetrics of the local CloudWatch. */
import type {
  Dimension,
  DimensionFilter,
  GetMetricDataInput,
  GetMetricStatisticsInput,
  ListMetricsInput,
  MetricDatum,
  PutMetricDataInput,
} from '@aws-sdk/client-cloudwatch';
import { cwErrors, decodeToken, encodeToken } from './errors.js';
import { sortedDimensions, type MetricIdentity } from './metric-identity.js';
import { aggregateByPeriod, STANDARD_STATISTICS, statisticOf, type StandardStatistic, type StoredPoint } from './statistics.js';
import type { TwinContext } from './twin-context.js';

const MAX_DATA = 1000;
const MAX_VALUES = 150;
const TWO_WEEKS_MS = 14 * 86_400_000;
const TWO_HOURS_MS = 2 * 3_600_000;
/** CloudWatch rejects magnitudes above 2^360 and, except zero, below 2^-260. */
const MAX_MAGNITUDE = 2 ** 360;
const MIN_MAGNITUDE = 2 ** -260;

const checkNumber = (v: number, param: string) => {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || a > MAX_MAGNITUDE || (a !== 0 && a < MIN_MAGNITUDE)) {
    throw cwErrors.invalidValue(`The value ${v} for parameter ${param} is invalid.`);
  }
};

export function checkDimensions(dims: readonly Dimension[] | undefined, param: string): void {
  const seen = new Set<string>();
  for (const d of dims ?? []) {
    if (seen.has(d.Name!)) throw cwErrors.invalidValue(`The dimension name ${d.Name} appears more than once in ${param}.`);
    seen.add(d.Name!);
  }
}

/** One datum → a stored statistic set, after CloudWatch's checks. */
function pointOf(d: MetricDatum, i: number, now: number): StoredPoint {
  const param = `MetricData.member.${i}`;
  const given = [d.Value !== undefined && 'Value', d.StatisticValues && 'StatisticValues', d.Values && 'Values'].filter(
    Boolean,
  ) as string[];
  if (given.length > 1) {
    throw cwErrors.combination(
      `The parameters ${param}.${given[0]} and ${param}.${given[1]} are mutually exclusive and you have specified both.`,
    );
  }
  if (given.length === 0) throw cwErrors.missing(`${param}.Value`);
  checkDimensions(d.Dimensions, `${param}.Dimensions`);
  if (d.StorageResolution !== undefined && d.StorageResolution !== 1 && d.StorageResolution !== 60) {
    throw cwErrors.invalidValue(`The value ${d.StorageResolution} for parameter ${param}.StorageResolution is invalid: use 1 or 60.`);
  }
  const tsMs = d.Timestamp === undefined ? now : Number(d.Timestamp) * 1000;
  if (tsMs < now - TWO_WEEKS_MS)
    throw cwErrors.invalidValue(`The parameter ${param}.Timestamp must specify a time no more than two weeks in the past.`);
  if (tsMs > now + TWO_HOURS_MS)
    throw cwErrors.invalidValue(`The parameter ${param}.Timestamp must specify a time no more than two hours in the future.`);
  // Standard resolution is stored per minute; high resolution per second.
  const t = d.StorageResolution === 1 ? Math.floor(tsMs / 1000) * 1000 : Math.floor(tsMs / 60_000) * 60_000;
  const unit = d.Unit && d.Unit !== 'None' ? d.Unit : undefined;
  if (d.Value !== undefined) {
    checkNumber(d.Value, `${param}.Value`);
    return { t, n: 1, sum: d.Value, min: d.Value, max: d.Value, unit };
  }
  if (d.StatisticValues) {
    const s = d.StatisticValues;
    for (const k of ['SampleCount', 'Sum', 'Minimum', 'Maximum'] as const) checkNumber(s[k]!, `${param}.StatisticValues.${k}`);
    if (s.SampleCount! <= 0)
      throw cwErrors.invalidValue(
        `The value ${s.SampleCount} for parameter ${param}.StatisticValues.SampleCount is invalid: it must be positive.`,
      );
    if (s.Minimum! > s.Maximum!) throw cwErrors.invalidValue(`${param}.StatisticValues.Minimum must not be greater than its Maximum.`);
    return { t, n: s.SampleCount!, sum: s.Sum!, min: s.Minimum!, max: s.Maximum!, unit };
  }
  const values = d.Values!;
  if (values.length === 0) throw cwErrors.missing(`${param}.Values`);
  if (values.length > MAX_VALUES)
    throw cwErrors.invalidValue(`The collection ${param}.Values must not have a size greater than ${MAX_VALUES}.`);
  if (d.Counts && d.Counts.length !== values.length) {
    throw cwErrors.combination(`The parameters ${param}.Values and ${param}.Counts must be of the same size.`);
  }
  let n = 0;
  let sum = 0;
  values.forEach((v, j) => {
    checkNumber(v, `${param}.Values.member.${j + 1}`);
    const c = d.Counts?.[j] ?? 1;
    checkNumber(c, `${param}.Counts.member.${j + 1}`);
    if (c < 0) throw cwErrors.invalidValue(`The value ${c} for parameter ${param}.Counts.member.${j + 1} is invalid.`);
    n += c;
    sum += v * c;
  });
  if (n === 0) throw cwErrors.invalidValue(`The counts of ${param} add up to zero.`);
  return { t, n, sum, min: Math.min(...values), max: Math.max(...values), unit };
}

export async function putMetricData(input: PutMetricDataInput, ctx: TwinContext): Promise<Record<string, never>> {
  if (input.Namespace!.startsWith('AWS/')) throw cwErrors.invalidValue(`The value ${input.Namespace} for parameter Namespace is invalid.`);
  if (input.EntityMetricData?.length) throw cwErrors.unsupported('EntityMetricData');
  const data = input.MetricData ?? [];
  if (data.length === 0) throw cwErrors.missing('MetricData');
  if (data.length > MAX_DATA) throw cwErrors.invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATA}.`);
  const now = ctx.now();
  // Every datum is checked before anything is stored: a bad request changes nothing.
  const entries = data.map((d, i) => ({
    metric: { namespace: input.Namespace!, metricName: d.MetricName!, dimensions: d.Dimensions ?? [] },
    point: pointOf(d, i + 1, now),
  }));
  await ctx.store.putPoints(entries, now);
  return {};
}

const HIGH_RES_PERIODS = new Set([1, 5, 10, 30]);
function checkQueryPeriod(period: number, param: string) {
  if (!(HIGH_RES_PERIODS.has(period) || (period > 0 && period % 60 === 0))) {
    throw cwErrors.invalidValue(`The parameter ${param} must be 1, 5, 10, 30, 60, or any multiple of 60.`);
  }
}

function checkStat(stat: string, param: string): StandardStatistic {
  if ((STANDARD_STATISTICS as readonly string[]).includes(stat)) return stat as StandardStatistic;
  if (/^(p|tm|wm|tc|ts|pr|iqm)/i.test(stat))
    throw cwErrors.unsupported(`The statistic ${stat} (percentiles and other extended statistics)`);
  throw cwErrors.invalidValue(`The value ${stat} for parameter ${param} is invalid.`);
}

/** Up to this many datapoints per GetMetricData query (CloudWatch's MaxDatapoints default). */
const MAX_DATAPOINTS = 100_800;

export async function getMetricData(input: GetMetricDataInput, ctx: TwinContext) {
  const start = Number(input.StartTime) * 1000;
  const end = Number(input.EndTime) * 1000;
  if (!(start < end)) throw cwErrors.validation('The parameter StartTime must be less than the parameter EndTime.');
  const queries = input.MetricDataQueries ?? [];
  if (queries.length === 0) throw cwErrors.missing('MetricDataQueries');
  if (queries.length > 500) throw cwErrors.invalidValue('The collection MetricDataQueries must not have a size greater than 500.');
  const ids = new Set<string>();
  for (const [i, q] of queries.entries()) {
    const param = `MetricDataQueries.member.${i + 1}`;
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id!))
      throw cwErrors.validation(`The value ${q.Id} for parameter ${param}.Id is invalid: it must start with a lowercase letter.`);
    if (ids.has(q.Id!)) throw cwErrors.validation(`The value ${q.Id} for parameter ${param}.Id is not unique.`);
    ids.add(q.Id!);
    if (q.Expression !== undefined) throw cwErrors.unsupported(`Metric math (${param}.Expression)`);
    if (!q.MetricStat) throw cwErrors.missing(`${param}.MetricStat`);
    checkQueryPeriod(q.MetricStat.Period!, `${param}.MetricStat.Period`);
    checkStat(q.MetricStat.Stat!, `${param}.MetricStat.Stat`);
    if (!q.MetricStat.Metric?.Namespace || !q.MetricStat.Metric.MetricName) throw cwErrors.missing(`${param}.MetricStat.Metric.MetricName`);
    checkDimensions(q.MetricStat.Metric.Dimensions, `${param}.MetricStat.Metric.Dimensions`);
    if (Math.ceil((end - start) / (q.MetricStat.Period! * 1000)) > MAX_DATAPOINTS) {
      throw cwErrors.invalidValue(
        `${param} asks for more than ${MAX_DATAPOINTS} datapoints: shorten the time range or lengthen the period.`,
      );
    }
  }
  const ascending = input.ScanBy === 'TimestampAscending';
  const results = await Promise.all(
    queries.map(async (q) => {
      const ms = q.MetricStat!;
      const metric = identity(ms.Metric!.Namespace!, ms.Metric!.MetricName!, ms.Metric!.Dimensions);
      const periodMs = ms.Period! * 1000;
      const aggregates = aggregateByPeriod(await ctx.store.points(metric, alignDown(start, periodMs), end), periodMs, ms.Unit).filter(
        (a) => a.start >= alignDown(start, periodMs) && a.start < end,
      );
      if (!ascending) aggregates.reverse();
      return {
        Id: q.Id,
        Label: q.Label ?? ms.Metric!.MetricName,
        Timestamps: aggregates.map((a) => a.start / 1000),
        Values: aggregates.map((a) => statisticOf(a, ms.Stat as StandardStatistic)),
        StatusCode: 'Complete',
      };
    }),
  );
  return {
    MetricDataResults: queries.some((q) => q.ReturnData === false) ? results.filter((_, i) => queries[i].ReturnData !== false) : results,
    Messages: [],
  };
}

const alignDown = (t: number, periodMs: number) => Math.floor(t / periodMs) * periodMs;
const identity = (namespace: string, metricName: string, dimensions?: Dimension[]): MetricIdentity => ({
  namespace,
  metricName,
  dimensions: dimensions ?? [],
});

/** GetMetricStatistics answers at most 1,440 datapoints per call. */
const MAX_STATISTICS_POINTS = 1440;

export async function getMetricStatistics(input: GetMetricStatisticsInput, ctx: TwinContext) {
  const start = Number(input.StartTime) * 1000;
  const end = Number(input.EndTime) * 1000;
  if (!(start < end)) throw cwErrors.invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  checkQueryPeriod(input.Period!, 'Period');
  if (input.ExtendedStatistics?.length) throw cwErrors.unsupported('ExtendedStatistics (percentiles)');
  const stats = input.Statistics ?? [];
  if (stats.length === 0) throw cwErrors.missing('Statistics');
  checkDimensions(input.Dimensions, 'Dimensions');
  const periodMs = input.Period! * 1000;
  const requested = Math.ceil((end - start) / periodMs);
  if (requested > MAX_STATISTICS_POINTS) {
    throw cwErrors.combination(`You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_STATISTICS_POINTS}.`);
  }
  const metric = identity(input.Namespace!, input.MetricName!, input.Dimensions);
  const aggregates = aggregateByPeriod(await ctx.store.points(metric, alignDown(start, periodMs), end), periodMs, input.Unit);
  return {
    Label: input.MetricName,
    Datapoints: aggregates.map((a) => ({
      Timestamp: a.start / 1000,
      ...Object.fromEntries(stats.map((s) => [s, statisticOf(a, s as StandardStatistic)])),
      Unit: input.Unit ?? a.unit ?? 'None',
    })),
  };
}

const LIST_PAGE = 500;
const RECENTLY_ACTIVE_MS = 3 * 3_600_000;

const matchesFilters = (dims: readonly Dimension[], filters: readonly DimensionFilter[] = []) =>
  filters.every((f) => dims.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)));

export async function listMetrics(input: ListMetricsInput, ctx: TwinContext) {
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') {
    throw cwErrors.invalidValue(`The value ${input.RecentlyActive} for parameter RecentlyActive is invalid: use PT3H.`);
  }
  if (input.IncludeLinkedAccounts || input.OwningAccount) throw cwErrors.unsupported('Cross-account metrics');
  const now = ctx.now();
  const all = (await ctx.store.metrics(input.Namespace, input.Namespace === undefined ? undefined : input.MetricName)).filter(
    (m) =>
      (input.MetricName === undefined || m.MetricName === input.MetricName) &&
      matchesFilters(m.Dimensions, input.Dimensions) &&
      (input.RecentlyActive === undefined || now - m.lastPut <= RECENTLY_ACTIVE_MS),
  );
  const from = decodeToken<number>(input.NextToken) ?? 0;
  const page = all.slice(from, from + LIST_PAGE);
  return {
    Metrics: page.map((m) => ({ Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: sortedDimensions(m.Dimensions) })),
    NextToken: from + LIST_PAGE < all.length ? encodeToken(from + LIST_PAGE) : undefined,
  };
}
