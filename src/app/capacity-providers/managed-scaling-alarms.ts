/**
 * The target-tracking alarm pair a capacity provider with managed scaling
 * owns while a cluster uses it (ECS creates it through a target-tracking
 * policy on the group; Berth owns it directly): CapacityProviderReservation
 * above targetCapacity for 1 period → AlarmHigh (scale out fast), below it
 * for 15 periods → AlarmLow (scale in slowly), both invoking scale-cluster.
 * Names are stable per provider, so creating and deleting them is
 * idempotent and safe to retry.
 */
import type { PutMetricAlarmInput } from '@aws-sdk/client-cloudwatch';
import { scalesManaged, type CapacityProviderRecord } from '../../domain/capacity-provider.js';
import { CAPACITY_PROVIDER_RESERVATION, capacityProviderDimensions } from '../../domain/metrics/capacity-metrics.js';
import { METRICS_NAMESPACE } from '../../domain/metrics/ecs-metrics.js';
import type { AppContext } from '../context.js';

/** ECS's managed-scaling alarms: 1 of 1 datapoints above the target, 15 of 15 below it. */
export const HIGH_EVALUATION_PERIODS = 1;
export const LOW_EVALUATION_PERIODS = 15;

export function providerAlarmNames(p: Pick<CapacityProviderRecord, 'autoScalingGroupName' | 'alarmSuffix'>) {
  return {
    high: `TargetTracking-${p.autoScalingGroupName}-AlarmHigh-${p.alarmSuffix}`,
    low: `TargetTracking-${p.autoScalingGroupName}-AlarmLow-${p.alarmSuffix}`,
  };
}

/** The alarms as they should be for the provider in `cluster` (or none: managed scaling off, or no cluster). */
export function providerAlarms(ctx: AppContext, p: CapacityProviderRecord, cluster: string): PutMetricAlarmInput[] {
  const names = providerAlarmNames(p);
  const common = {
    Namespace: METRICS_NAMESPACE,
    MetricName: CAPACITY_PROVIDER_RESERVATION,
    Dimensions: capacityProviderDimensions(cluster, p.name),
    Statistic: 'Average' as const,
    Period: ctx.autoscaling.metricPeriodSeconds,
    Threshold: p.managedScaling.targetCapacity,
    Unit: 'Percent' as const,
    TreatMissingData: 'missing',
    ActionsEnabled: true,
    AlarmActions: [ctx.autoscaling.scaleClusterArn],
  };
  const description = `DO NOT EDIT OR DELETE. Owned by the managed scaling of capacity provider ${p.name} (cluster ${cluster}).`;
  return [
    {
      ...common,
      AlarmName: names.high,
      AlarmDescription: description,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: HIGH_EVALUATION_PERIODS,
      DatapointsToAlarm: HIGH_EVALUATION_PERIODS,
    },
    {
      ...common,
      AlarmName: names.low,
      AlarmDescription: description,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: LOW_EVALUATION_PERIODS,
      DatapointsToAlarm: LOW_EVALUATION_PERIODS,
    },
  ];
}

/** Creates, updates or deletes the provider's alarm pair to match its settings and cluster. */
export async function syncManagedScaling(ctx: AppContext, p: CapacityProviderRecord, cluster = p.cluster): Promise<void> {
  if (p.status === 'ACTIVE' && cluster && scalesManaged(p)) {
    for (const alarm of providerAlarms(ctx, p, cluster)) await ctx.cloudwatch.putMetricAlarm(alarm);
  } else {
    const names = providerAlarmNames(p);
    await ctx.cloudwatch.deleteAlarms([names.high, names.low]);
  }
}
