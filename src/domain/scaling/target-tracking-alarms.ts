/**
 * The pair of CloudWatch alarms a target-tracking policy owns, named and
 * shaped as Application Auto Scaling makes them: `TargetTracking-<label>-
 * AlarmHigh-<uuid>` (N of N periods above the target, default 3) and
 * `…-AlarmLow-<uuid>` (M of M periods below 90 % of it, default 15; none
 * when scale-in is disabled). Pure, and shared: service scaling uses it with
 * ECS service metrics, cluster scaling with capacity-provider reservation.
 */
import type { Dimension, PutMetricAlarmInput, StandardUnit, Statistic } from '@aws-sdk/client-cloudwatch';

export interface TargetTrackingAlarmSpec {
  /** The scaled resource as it appears in the alarm names, e.g. `service/default/web`. */
  label: string;
  /** The policy the alarms belong to (in their description, as AWS writes it). */
  policyArn: string;
  metric: { Namespace: string; MetricName: string; Dimensions: Dimension[]; Statistic: Statistic; Unit?: StandardUnit };
  targetValue: number;
  periodSeconds: number;
  /** What the alarms invoke on a transition to ALARM (a Lambda function ARN for Berth). */
  actions: string[];
  disableScaleIn?: boolean;
  /** uuids in the names; an updated policy passes its existing ones, so its alarms keep their names. */
  highId: string;
  lowId: string;
  highPeriods?: number;
  lowPeriods?: number;
  /** The low alarm's threshold as a fraction of the target (0.9: scale in below 90 %). */
  lowFraction?: number;
}

export interface TargetTrackingAlarms {
  high: PutMetricAlarmInput & { AlarmName: string };
  low?: PutMetricAlarmInput & { AlarmName: string };
}

export const targetTrackingAlarmName = (label: string, which: 'High' | 'Low', id: string) => `TargetTracking-${label}-Alarm${which}-${id}`;

/** High or Low, and the uuid, of a name targetTrackingAlarmName made; undefined for any other name. */
export function parseTargetTrackingAlarmName(name: string): { label: string; which: 'High' | 'Low'; id: string } | undefined {
  const m = /^TargetTracking-(.+)-Alarm(High|Low)-([0-9a-f-]{36})$/.exec(name);
  return m ? { label: m[1], which: m[2] as 'High' | 'Low', id: m[3] } : undefined;
}

export function targetTrackingAlarms(spec: TargetTrackingAlarmSpec): TargetTrackingAlarms {
  const common = {
    AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${spec.policyArn}.`,
    ActionsEnabled: true,
    AlarmActions: spec.actions,
    Namespace: spec.metric.Namespace,
    MetricName: spec.metric.MetricName,
    Dimensions: spec.metric.Dimensions,
    Statistic: spec.metric.Statistic,
    ...(spec.metric.Unit ? { Unit: spec.metric.Unit } : {}),
    Period: spec.periodSeconds,
  };
  const highPeriods = spec.highPeriods ?? 3;
  const lowPeriods = spec.lowPeriods ?? 15;
  const high = {
    ...common,
    AlarmName: targetTrackingAlarmName(spec.label, 'High', spec.highId),
    EvaluationPeriods: highPeriods,
    DatapointsToAlarm: highPeriods,
    Threshold: spec.targetValue,
    ComparisonOperator: 'GreaterThanThreshold' as const,
  };
  if (spec.disableScaleIn) return { high };
  const low = {
    ...common,
    AlarmName: targetTrackingAlarmName(spec.label, 'Low', spec.lowId),
    EvaluationPeriods: lowPeriods,
    DatapointsToAlarm: lowPeriods,
    Threshold: round(spec.targetValue * (spec.lowFraction ?? 0.9)),
    ComparisonOperator: 'LessThanThreshold' as const,
  };
  return { high, low };
}

/** 0.9 × 50 = 45, not 45.00000000000001. */
const round = (n: number) => Math.round(n * 1e9) / 1e9;
