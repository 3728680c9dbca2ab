/** Stored records → Application Auto Scaling's wire shapes (timestamps in epoch seconds, as AWS JSON carries them). */
import type {
  ScalableTargetRecord,
  ScalingActivityRecord,
  ScalingPolicyRecord,
  ScheduledActionRecord,
} from '../../domain/scaling/records.js';

export const scalableTargetView = (t: ScalableTargetRecord) => ({
  ServiceNamespace: t.serviceNamespace,
  ResourceId: t.resourceId,
  ScalableDimension: t.scalableDimension,
  MinCapacity: t.minCapacity,
  MaxCapacity: t.maxCapacity,
  RoleARN: t.roleArn,
  CreationTime: t.creationTime,
  SuspendedState: t.suspendedState,
});

export const scalingPolicyView = (p: ScalingPolicyRecord, alarms = p.alarms) => ({
  PolicyARN: p.policyArn,
  PolicyName: p.policyName,
  ServiceNamespace: p.serviceNamespace,
  ResourceId: p.resourceId,
  ScalableDimension: p.scalableDimension,
  PolicyType: p.policyType,
  ...(p.stepScaling ? { StepScalingPolicyConfiguration: p.stepScaling } : {}),
  ...(p.targetTracking ? { TargetTrackingScalingPolicyConfiguration: p.targetTracking } : {}),
  Alarms: alarms,
  CreationTime: p.creationTime,
});

export const scalingActivityView = (a: ScalingActivityRecord) => ({
  ActivityId: a.activityId,
  ServiceNamespace: a.serviceNamespace,
  ResourceId: a.resourceId,
  ScalableDimension: a.scalableDimension,
  Description: a.description,
  Cause: a.cause,
  StartTime: a.startTime,
  ...(a.endTime !== undefined ? { EndTime: a.endTime } : {}),
  StatusCode: a.statusCode,
  ...(a.statusMessage ? { StatusMessage: a.statusMessage } : {}),
  ...(a.details ? { Details: a.details } : {}),
  ...(a.notScaledReasons ? { NotScaledReasons: a.notScaledReasons } : {}),
});

export const scheduledActionView = (a: ScheduledActionRecord) => ({
  ScheduledActionName: a.scheduledActionName,
  ScheduledActionARN: a.scheduledActionArn,
  ServiceNamespace: a.serviceNamespace,
  Schedule: a.schedule,
  ...(a.timezone ? { Timezone: a.timezone } : {}),
  ResourceId: a.resourceId,
  ScalableDimension: a.scalableDimension,
  ...(a.startTime !== undefined ? { StartTime: a.startTime } : {}),
  ...(a.endTime !== undefined ? { EndTime: a.endTime } : {}),
  ScalableTargetAction: a.scalableTargetAction,
  CreationTime: a.creationTime,
});
