/**
 * What the local Auto Scaling twin stores for a group, and how it shows it
 * (the model's AutoScalingGroup / Instance / Activity shapes, timestamps in
 * epoch seconds as the query codec expects).
 */

/** The one launch template the twin knows: it launches a local Berth agent. */
export const LOCAL_LAUNCH_TEMPLATE = 'berth-local-agent';
export const LOCAL_LAUNCH_TEMPLATE_ID = 'lt-0berth0local0agent';
export const LOCAL_INSTANCE_TYPE = 'local';

/** Tags that size the group's instances and name their cluster. */
export const TAG_INSTANCE_CPU = 'berth:instance-cpu';
export const TAG_INSTANCE_MEMORY = 'berth:instance-memory';
export const TAG_CLUSTER = 'berth:cluster';

export type LifecycleState = 'Pending' | 'InService' | 'Terminating';

export interface InstanceRecord {
  instanceId: string;
  zone: string;
  lifecycleState: LifecycleState;
  healthStatus: 'Healthy' | 'Unhealthy';
  protectedFromScaleIn: boolean;
  /** Epoch ms. */
  launchedAt: number;
  /** What the instance was launched with (the group's tags at launch time, as a launch template's instance type). */
  cpu: number;
  memory: number;
  cluster: string;
  /** `MIN-MAX`: its own share of the dynamic host ports. */
  dynamicPorts: string;
  /** Set once its agent registered with ECS. */
  containerInstanceArn?: string;
  /** The activity that launched it (completed when it is in service). */
  launchActivityId: string;
  /** The activity recording its termination, once it is Terminating. */
  terminationActivityId?: string;
}

export interface GroupTag {
  Key: string;
  Value: string;
  PropagateAtLaunch: boolean;
}

export interface GroupRecord {
  name: string;
  arn: string;
  /** Epoch seconds. */
  createdAt: number;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  defaultCooldown: number;
  healthCheckGracePeriod: number;
  availabilityZones: string[];
  launchTemplateVersion: string;
  tags: GroupTag[];
  newInstancesProtectedFromScaleIn: boolean;
  terminationPolicies: string[];
  instances: InstanceRecord[];
  /** Set by a forced delete: instances are being terminated, then the group goes. */
  deleting?: boolean;
  /** What last changed the desired capacity, for the next activity's Cause. */
  lastCause?: string;
  /** Epoch ms of the last scaling activity, for HonorCooldown. */
  lastScalingAt?: number;
  /** Consecutive launches whose agent never registered; launches back off while > 0. */
  failedLaunches: number;
  /** Epoch ms: no launch before this (backoff after failed launches). */
  launchNotBefore?: number;
}

export type ActivityStatus = 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';

export interface ActivityRecord {
  ActivityId: string;
  AutoScalingGroupName: string;
  AutoScalingGroupARN: string;
  Description: string;
  Cause: string;
  /** Epoch seconds. */
  StartTime: number;
  EndTime?: number;
  StatusCode: ActivityStatus;
  StatusMessage?: string;
  Progress: number;
  Details: string;
  /** Orders activities begun in the same millisecond (not part of the wire shape). */
  seq?: number;
}

export const isLive = (i: InstanceRecord) => i.lifecycleState !== 'Terminating';

function launchTemplate(version: string) {
  return { LaunchTemplateId: LOCAL_LAUNCH_TEMPLATE_ID, LaunchTemplateName: LOCAL_LAUNCH_TEMPLATE, Version: version };
}

export function instanceView(g: GroupRecord, i: InstanceRecord) {
  return {
    InstanceId: i.instanceId,
    InstanceType: LOCAL_INSTANCE_TYPE,
    AvailabilityZone: i.zone,
    LifecycleState: i.lifecycleState,
    HealthStatus: i.healthStatus,
    LaunchTemplate: launchTemplate(g.launchTemplateVersion),
    ProtectedFromScaleIn: i.protectedFromScaleIn,
  };
}

export function groupView(g: GroupRecord, includeInstances = true) {
  return {
    AutoScalingGroupName: g.name,
    AutoScalingGroupARN: g.arn,
    LaunchTemplate: launchTemplate(g.launchTemplateVersion),
    MinSize: g.minSize,
    MaxSize: g.maxSize,
    DesiredCapacity: g.desiredCapacity,
    DefaultCooldown: g.defaultCooldown,
    AvailabilityZones: g.availabilityZones,
    LoadBalancerNames: [],
    TargetGroupARNs: [],
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: g.healthCheckGracePeriod,
    ...(includeInstances ? { Instances: g.instances.map((i) => instanceView(g, i)) } : {}),
    CreatedTime: g.createdAt,
    SuspendedProcesses: [],
    EnabledMetrics: [],
    ...(g.deleting ? { Status: 'Delete in progress' } : {}),
    Tags: g.tags.map((t) => ({ ResourceId: g.name, ResourceType: 'auto-scaling-group', ...t })),
    TerminationPolicies: g.terminationPolicies,
    NewInstancesProtectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
    CapacityRebalance: false,
    TrafficSources: [],
  };
}
