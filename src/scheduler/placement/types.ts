/**
 * Inputs and outputs of the placement engine. Plain data only: the engine is
 * pure, so callers (RunTask, the service scheduler, tests, the benchmark) build
 * these from whatever store they use and get back a decision plus its reasons.
 */

import type { PlacementAssumptions } from '../../domain/placement-assumption.js';

export type InstanceStatus = 'ACTIVE' | 'DRAINING' | 'REGISTERING' | 'DEREGISTERING' | 'REGISTRATION_FAILED' | 'INACTIVE';

export interface PlacementInstance {
  /** Container instance id (last part of its ARN). */
  id: string;
  arn: string;
  ec2InstanceId?: string;
  status: InstanceStatus;
  agentConnected: boolean;
  agentVersion?: string;
  /** Epoch milliseconds. */
  registeredAt: number;
  /** Attribute name -> value; null = attribute present without a value. */
  attributes: Record<string, string | null>;
  remainingCpu: number;
  remainingMemory: number;
  /** Host ports held by live tasks. */
  usedTcpPorts: number[];
  usedUdpPorts: number[];
  /** Instance-specific reserved ports, on top of the ones always reserved. */
  reservedTcpPorts?: number[];
  reservedUdpPorts?: number[];
  runningTasksCount: number;
  pendingTasksCount: number;
  /** Task group -> number of live tasks of that group on the instance. */
  taskGroups: Record<string, number>;
  /** How many times groups at 0 were removed from taskGroups: see PlacementAssumption.groupsPruned. */
  taskGroupsPruned?: number;
  /** The capacity provider whose Auto Scaling group the instance belongs to, if any. */
  capacityProviderName?: string;
}

export type PortProtocol = 'tcp' | 'udp';

export interface PortRequest {
  containerName: string;
  containerPort: number;
  /** 0 or absent = dynamic (bridge mode): the engine picks one. */
  hostPort?: number;
  protocol: PortProtocol;
}

export type PlacementConstraintType = 'distinctInstance' | 'memberOf';
export type PlacementStrategyType = 'binpack' | 'spread' | 'random';

export interface PlacementConstraint {
  type: PlacementConstraintType;
  expression?: string;
}

export interface PlacementStrategy {
  type: PlacementStrategyType;
  field?: string;
}

/**
 * An attribute the task definition needs (`requiresAttributes`, e.g.
 * `ecs.capability.task-eni` for awsvpc). Without `value` the attribute only
 * has to exist. Instances lacking it are rejected with reason ATTRIBUTE.
 */
export interface RequiredAttribute {
  name: string;
  value?: string;
}

export interface PlacementRequest {
  count: number;
  /** What one task subtracts; the caller applies the memoryReservation rule. */
  cpu: number;
  memory: number;
  ports: PortRequest[];
  /** e.g. 'service:web' or 'family:nginx'. */
  group: string;
  constraints: PlacementConstraint[];
  /** Empty = use `PlacementOptions.defaultStrategy`. */
  strategy: PlacementStrategy[];
  requiredAttributes?: RequiredAttribute[];
}

export interface PlacedPort extends PortRequest {
  hostPort: number;
}

export interface Placement {
  instanceId: string;
  instanceArn: string;
  ports: PlacedPort[];
}

/** One ECS RunTask failure: `{arn, reason, detail}`. */
export interface PlacementFailure {
  /** ARN of the closest matching instance, or '' when there is none. */
  arn: string;
  reason: string;
  detail?: string;
}

/** Why the best candidate was rejected, worded for a service event. */
export interface ClosestMatch {
  /** '' when reason is MISSING (no usable instance at all). */
  instanceId: string;
  instanceArn: string;
  reason: string;
  /** e.g. 'has insufficient CPU units available'. */
  message: string;
}

export interface PlacementResult {
  /** In placement order; length <= count. */
  placements: Placement[];
  /** One per task that could not be placed. */
  failures: PlacementFailure[];
  /** Set when at least one task could not be placed. */
  closest?: ClosestMatch;
  /** Per instance that got a task: what the rules read from it that the commit must re-check. */
  assumptions: PlacementAssumptions;
}

export interface PlacementOptions {
  /** Seeds every random choice, so a (request, instances, seed) triple always gives the same result. */
  seed: number;
  /**
   * Used when the request has no strategy. ECS uses `random` for RunTask and
   * spread on `attribute:ecs.availability-zone` for services; the caller knows
   * which applies. Defaults to random.
   */
  defaultStrategy?: readonly PlacementStrategy[];
}
