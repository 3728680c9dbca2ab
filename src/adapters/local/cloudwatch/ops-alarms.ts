/** The alarm operations of the local CloudWatch. */
import type {
  DeleteAlarmsInput,
  DescribeAlarmHistoryInput,
  DescribeAlarmsForMetricInput,
  DescribeAlarmsInput,
  DisableAlarmActionsInput,
  ListTagsForResourceInput,
  PutMetricAlarmInput,
  SetAlarmStateInput,
  Tag,
  TagResourceInput,
  UntagResourceInput,
} from '@aws-sdk/client-cloudwatch';
import { EcsError } from '../../../domain/errors.js';
import { CONFLICT, conflictRetry, retryOnConflict } from '../../../ports/retry-on-conflict.js';
import { cwErrors, decodeToken, encodeToken } from './errors.js';
import { checkDimensions } from './ops-metrics.js';
import { canonicalMetric } from './metric-identity.js';
import { STANDARD_STATISTICS } from './statistics.js';
import type { AlarmRecord } from './store.js';
import type { TwinContext } from './twin-context.js';

const COMPARISONS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'];
const TREAT_MISSING = ['breaching', 'notBreaching', 'ignore', 'missing'];
const ONE_DAY_S = 86_400;
const MAX_ALARMS = 5000;

const alarmArn = (ctx: TwinContext, name: string) => `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`;

/** CloudWatch's rules for a single-metric alarm, checked before anything is stored. */
function checkAlarm(input: PutMetricAlarmInput, ctx: TwinContext): void {
  if (input.Metrics?.length) throw cwErrors.unsupported('Metric math alarms (Metrics)');
  if (input.ThresholdMetricId || input.EvaluationCriteria || input.EvaluationInterval)
    throw cwErrors.unsupported('Anomaly detection and PromQL alarms');
  if (!/^[\x20-\x7e]+$/.test(input.AlarmName!)) throw cwErrors.invalidValue('Alarm names must contain only ASCII characters.');
  for (const p of ['MetricName', 'Namespace', 'Period', 'EvaluationPeriods', 'ComparisonOperator', 'Threshold'] as const) {
    if (input[p] === undefined) throw cwErrors.missing(p);
  }
  if (input.ExtendedStatistic !== undefined)
    throw cwErrors.unsupported(`The statistic ${input.ExtendedStatistic} (percentiles and other extended statistics)`);
  if (input.EvaluateLowSampleCountPercentile !== undefined)
    throw cwErrors.unsupported('EvaluateLowSampleCountPercentile (percentile alarms)');
  if (input.Statistic === undefined) throw cwErrors.missing('Statistic');
  if (!STANDARD_STATISTICS.includes(input.Statistic as never))
    throw cwErrors.invalidValue(`The value ${input.Statistic} for parameter Statistic is invalid.`);
  if (!COMPARISONS.includes(input.ComparisonOperator!))
    throw cwErrors.unsupported(`The comparison operator ${input.ComparisonOperator} (anomaly detection bands)`);
  const period = input.Period!;
  if (!(period === 10 || period === 30 || period % 60 === 0))
    throw cwErrors.invalidValue('The parameter Period must be 10, 30, or a multiple of 60.');
  if (period * input.EvaluationPeriods! > ONE_DAY_S) {
    throw cwErrors.validation('The product of EvaluationPeriods and Period must not exceed 86400 seconds (one day).');
  }
  if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > input.EvaluationPeriods!) {
    throw cwErrors.validation('DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  if (!Number.isFinite(input.Threshold)) throw cwErrors.invalidValue(`The value ${input.Threshold} for parameter Threshold is invalid.`);
  if (input.TreatMissingData !== undefined && !TREAT_MISSING.includes(input.TreatMissingData)) {
    throw cwErrors.invalidValue(
      `The value ${input.TreatMissingData} for parameter TreatMissingData is invalid: use ${TREAT_MISSING.join(', ')}.`,
    );
  }
  checkDimensions(input.Dimensions, 'Dimensions');
  for (const [param, arns] of [
    ['AlarmActions', input.AlarmActions],
    ['OKActions', input.OKActions],
    ['InsufficientDataActions', input.InsufficientDataActions],
  ] as const) {
    for (const arn of arns ?? []) {
      if (!ctx.routes.some((r) => r.matches(arn))) {
        throw cwErrors.invalidValue(
          `Invalid ${param} ${arn}: Berth's local CloudWatch runs ${ctx.routes.map((r) => r.name).join(' and ')} actions only (no SNS, EC2 or Systems Manager).`,
        );
      }
    }
  }
  if ((input.Tags?.length ?? 0) > 50) throw cwErrors.limit('An alarm can have at most 50 tags.');
}

export async function putMetricAlarm(input: PutMetricAlarmInput, ctx: TwinContext): Promise<Record<string, never>> {
  checkAlarm(input, ctx);
  const now = ctx.now() / 1000;
  return retryOnConflict(
    `PutMetricAlarm ${input.AlarmName}`,
    conflictRetry,
    async () => {
      const existing = await ctx.store.alarm(input.AlarmName!);
      if (!existing && (await ctx.store.alarms()).length >= MAX_ALARMS)
        throw cwErrors.limit(`The maximum number of alarms (${MAX_ALARMS}) is reached.`);
      // Updating an alarm replaces its configuration entirely and keeps its state (CloudWatch's rule).
      const alarm: AlarmRecord = {
        AlarmName: input.AlarmName!,
        AlarmArn: alarmArn(ctx, input.AlarmName!),
        AlarmDescription: input.AlarmDescription,
        AlarmConfigurationUpdatedTimestamp: now,
        ActionsEnabled: input.ActionsEnabled ?? true,
        OKActions: input.OKActions ?? [],
        AlarmActions: input.AlarmActions ?? [],
        InsufficientDataActions: input.InsufficientDataActions ?? [],
        StateValue: existing?.alarm.StateValue ?? 'INSUFFICIENT_DATA',
        StateReason: existing?.alarm.StateReason ?? 'Unchecked: Initial alarm creation',
        StateReasonData: existing?.alarm.StateReasonData,
        StateUpdatedTimestamp: existing?.alarm.StateUpdatedTimestamp ?? now,
        StateTransitionedTimestamp: existing?.alarm.StateTransitionedTimestamp ?? now,
        MetricName: input.MetricName,
        Namespace: input.Namespace,
        Statistic: input.Statistic,
        Dimensions: input.Dimensions ?? [],
        Period: input.Period,
        Unit: input.Unit,
        EvaluationPeriods: input.EvaluationPeriods,
        DatapointsToAlarm: input.DatapointsToAlarm,
        Threshold: input.Threshold,
        ComparisonOperator: input.ComparisonOperator,
        TreatMissingData: input.TreatMissingData,
        Tags: input.Tags ?? existing?.alarm.Tags ?? [],
      };
      if (!(await ctx.store.putAlarm(alarm, existing?.version))) return CONFLICT;
      await ctx.store.addHistory(
        {
          AlarmName: alarm.AlarmName,
          AlarmType: 'MetricAlarm',
          Timestamp: now,
          HistoryItemType: 'ConfigurationUpdate',
          HistorySummary: `Alarm "${alarm.AlarmName}" ${existing ? 'updated' : 'created'}`,
          HistoryData: JSON.stringify({ version: '1.0', type: existing ? 'Update' : 'Create', updatedAlarm: view(alarm) }),
        },
        ctx.now(),
      );
      return {};
    },
    () => {
      throw cwErrors.validation(`The alarm ${input.AlarmName} is being changed concurrently; try again.`);
    },
  );
}

/** What DescribeAlarms shows (tags are only in ListTagsForResource). */
function view(a: AlarmRecord) {
  const { Tags: _tags, ...rest } = a;
  return rest;
}

const PAGE_DEFAULT = 50;

export async function describeAlarms(input: DescribeAlarmsInput, ctx: TwinContext) {
  if (input.AlarmNames?.length && input.AlarmNamePrefix) {
    throw cwErrors.combination('AlarmNames and AlarmNamePrefix are mutually exclusive.');
  }
  const types = input.AlarmTypes ?? ['MetricAlarm'];
  if (input.ChildrenOfAlarmName || input.ParentsOfAlarmName || !types.includes('MetricAlarm')) {
    // This twin has no composite alarms: none are children or parents of anything.
    return { MetricAlarms: [], CompositeAlarms: types.includes('CompositeAlarm') ? [] : undefined };
  }
  const names = input.AlarmNames ? new Set(input.AlarmNames) : undefined;
  const all = (await ctx.store.alarms())
    .map((v) => v.alarm)
    .filter(
      (a) =>
        (!names || names.has(a.AlarmName)) &&
        (!input.AlarmNamePrefix || a.AlarmName.startsWith(input.AlarmNamePrefix)) &&
        (!input.StateValue || a.StateValue === input.StateValue) &&
        (!input.ActionPrefix ||
          [...(a.AlarmActions ?? []), ...(a.OKActions ?? []), ...(a.InsufficientDataActions ?? [])].some((x) =>
            x.startsWith(input.ActionPrefix!),
          )),
    );
  const limit = input.MaxRecords ?? PAGE_DEFAULT;
  const from = decodeToken<number>(input.NextToken) ?? 0;
  return {
    MetricAlarms: all.slice(from, from + limit).map(view),
    CompositeAlarms: types.includes('CompositeAlarm') ? [] : undefined,
    NextToken: from + limit < all.length ? encodeToken(from + limit) : undefined,
  };
}

export async function describeAlarmsForMetric(input: DescribeAlarmsForMetricInput, ctx: TwinContext) {
  const wanted = canonicalMetric({ namespace: input.Namespace!, metricName: input.MetricName!, dimensions: input.Dimensions ?? [] });
  const alarms = (await ctx.store.alarms())
    .map((v) => v.alarm)
    .filter(
      (a) =>
        canonicalMetric({ namespace: a.Namespace!, metricName: a.MetricName!, dimensions: a.Dimensions ?? [] }) === wanted &&
        (!input.Statistic || a.Statistic === input.Statistic) &&
        (!input.Period || a.Period === input.Period) &&
        (!input.Unit || a.Unit === input.Unit),
    );
  if (input.ExtendedStatistic) return { MetricAlarms: [] };
  return { MetricAlarms: alarms.map(view) };
}

export async function deleteAlarms(input: DeleteAlarmsInput, ctx: TwinContext): Promise<Record<string, never>> {
  const names = input.AlarmNames ?? [];
  if (names.length > 100) throw cwErrors.invalidValue('The collection AlarmNames must not have a size greater than 100.');
  // Deleting an alarm that does not exist is not an error: a retried delete succeeds.
  for (const name of names) await ctx.store.deleteAlarm(name);
  return {};
}

export async function setAlarmState(input: SetAlarmStateInput, ctx: TwinContext): Promise<Record<string, never>> {
  if (input.StateReasonData !== undefined) {
    try {
      const parsed: unknown = JSON.parse(input.StateReasonData);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    } catch {
      throw cwErrors.invalidFormat('StateReasonData must be a JSON object.');
    }
  }
  return retryOnConflict(
    `SetAlarmState ${input.AlarmName}`,
    conflictRetry,
    async () => {
      const current = await ctx.store.alarm(input.AlarmName!);
      if (!current) throw cwErrors.notFound(`Alarm ${input.AlarmName} does not exist.`);
      // Lasts until the next evaluation changes it, as in CloudWatch.
      const changed = await ctx.transitions.transition(current, {
        state: input.StateValue!,
        reason: input.StateReason!,
        reasonData: input.StateReasonData,
      });
      return changed ? {} : CONFLICT;
    },
    () => {
      throw cwErrors.validation(`The alarm ${input.AlarmName} is being changed concurrently; try again.`);
    },
  );
}

async function setActionsEnabled(names: readonly string[], enabled: boolean, ctx: TwinContext) {
  for (const name of names) {
    // An alarm still contended after every attempt keeps its setting; the others are still changed.
    await retryOnConflict(
      `${enabled ? 'EnableAlarmActions' : 'DisableAlarmActions'} ${name}`,
      conflictRetry,
      async () => {
        const current = await ctx.store.alarm(name);
        if (!current || (await ctx.store.putAlarm({ ...current.alarm, ActionsEnabled: enabled }, current.version))) return undefined;
        return CONFLICT;
      },
      () => undefined,
    );
  }
  return {};
}

export const enableAlarmActions = (input: DisableAlarmActionsInput, ctx: TwinContext) =>
  setActionsEnabled(input.AlarmNames ?? [], true, ctx);
export const disableAlarmActions = (input: DisableAlarmActionsInput, ctx: TwinContext) =>
  setActionsEnabled(input.AlarmNames ?? [], false, ctx);

export async function describeAlarmHistory(input: DescribeAlarmHistoryInput, ctx: TwinContext) {
  if (input.AlarmContributorId) throw cwErrors.unsupported('Alarm contributors');
  if (input.AlarmTypes && !input.AlarmTypes.includes('MetricAlarm')) return { AlarmHistoryItems: [] };
  const page = await ctx.store.history({
    alarmName: input.AlarmName,
    type: input.HistoryItemType,
    from: input.StartDate === undefined ? 0 : Number(input.StartDate) * 1000,
    to: input.EndDate === undefined ? ctx.now() + 60_000 : Number(input.EndDate) * 1000,
    ascending: input.ScanBy === 'TimestampAscending',
    limit: input.MaxRecords ?? 100,
    startKey: decodeToken(input.NextToken),
  });
  return { AlarmHistoryItems: page.items, NextToken: encodeToken(page.nextKey) };
}

async function alarmByArn(arn: string, ctx: TwinContext) {
  const m = /^arn:aws[a-z-]*:cloudwatch:[^:]*:\d{12}:alarm:(.+)$/.exec(arn);
  const found = m ? await ctx.store.alarm(m[1]) : undefined;
  if (!found) throw new EcsError('ResourceNotFoundException', `The resource ${arn} does not exist.`, 404);
  return found;
}

export async function listTagsForResource(input: ListTagsForResourceInput, ctx: TwinContext) {
  return { Tags: (await alarmByArn(input.ResourceARN!, ctx)).alarm.Tags ?? [] };
}

async function changeTags(arn: string, ctx: TwinContext, change: (tags: Tag[]) => Tag[]) {
  return retryOnConflict(
    `changing the tags of ${arn}`,
    conflictRetry,
    async () => {
      const current = await alarmByArn(arn, ctx);
      const tags = change(current.alarm.Tags ?? []);
      if (tags.length > 50) throw cwErrors.limit('An alarm can have at most 50 tags.');
      return (await ctx.store.putAlarm({ ...current.alarm, Tags: tags }, current.version)) ? {} : CONFLICT;
    },
    () => {
      throw cwErrors.validation(`The alarm ${arn} is being changed concurrently; try again.`);
    },
  );
}

export const tagResource = (input: TagResourceInput, ctx: TwinContext) =>
  changeTags(input.ResourceARN!, ctx, (tags) => [
    ...tags.filter((t) => !input.Tags!.some((n) => n.Key === t.Key)),
    ...input.Tags!.map((t) => ({ Key: t.Key, Value: t.Value })),
  ]);

export const untagResource = (input: UntagResourceInput, ctx: TwinContext) =>
  changeTags(input.ResourceARN!, ctx, (tags) => tags.filter((t) => !input.TagKeys!.includes(t.Key!)));
