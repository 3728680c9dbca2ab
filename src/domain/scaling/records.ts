/**
 * What Berth stores for Application Auto Scaling. Configuration members keep
 * the API's own (PascalCase) shapes, so DescribeScalingPolicies returns what
 * PutScalingPolicy was given; bookkeeping is camelCase and never on the wire.
 */
import type {
  ScalableTargetAction,
  StepScalingPolicyConfiguration,
  SuspendedState,
  TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';

export type PolicyType = 'StepScaling' | 'TargetTrackingScaling';

/** The last scaling activity in one direction, for cooldowns. */
export interface LastScaling {
  /** Epoch ms. */
  at: number;
  /** Capacity before it: a scale-out during the cooldown counts from here, so the capacity it added is not added twice. */
  from: number;
  to: number;
}

export interface ScalableTargetRecord {
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  /** The uuid in the ARNs of its policies and scheduled actions. */
  targetId: string;
  minCapacity: number;
  maxCapacity: number;
  roleArn: string;
  /** Epoch seconds. */
  creationTime: number;
  suspendedState: Required<SuspendedState>;
  lastScaleOut?: LastScaling;
  lastScaleIn?: LastScaling;
  /** The latest "not scaled" outcome recorded, so a policy re-fired every period while at a bound records it once. */
  lastNotScaled?: { policyName: string; code: string };
}

export interface PolicyAlarm {
  AlarmName: string;
  AlarmARN: string;
}

export interface ScalingPolicyRecord {
  policyArn: string;
  policyName: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  policyType: PolicyType;
  stepScaling?: StepScalingPolicyConfiguration;
  targetTracking?: TargetTrackingScalingPolicyConfiguration;
  /** Target tracking: the alarms the policy owns (high, then low unless DisableScaleIn). */
  alarms: PolicyAlarm[];
  /** Epoch seconds. */
  creationTime: number;
}

export type ActivityStatus = 'Pending' | 'InProgress' | 'Successful' | 'Overridden' | 'Unfulfilled' | 'Failed';

export interface NotScaledReason {
  Code: string;
  MaxCapacity?: number;
  MinCapacity?: number;
  CurrentCapacity?: number;
}

export interface ScalingActivityRecord {
  activityId: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  description: string;
  cause: string;
  /** Epoch seconds. */
  startTime: number;
  endTime?: number;
  statusCode: ActivityStatus;
  statusMessage?: string;
  details?: string;
  notScaledReasons?: NotScaledReason[];
}

export interface ScheduledActionRecord {
  scheduledActionName: string;
  scheduledActionArn: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  schedule: string;
  timezone?: string;
  /** Epoch seconds. */
  startTime?: number;
  endTime?: number;
  scalableTargetAction: ScalableTargetAction;
  creationTime: number;
  /** Epoch ms of the next run; undefined when it will not run again. */
  nextRunAt?: number;
}
