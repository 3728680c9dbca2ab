import type { DeploymentConfiguration, LoadBalancer, PlacementConstraint, PlacementStrategy, Tag } from '@aws-sdk/client-ecs';
import type { StrategyItem } from './capacity-provider.js';
import type { ServiceDeploymentStatus } from './service-deployment.js';

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';
export type DeploymentStatus = 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentRecord {
  id: string;
  status: DeploymentStatus;
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  /** Epoch seconds. */
  createdAt: number;
  updatedAt: number;
  launchType: 'EC2';
  /** The strategy its tasks are placed by (absent: the EC2 launch type). */
  capacityProviderStrategy?: StrategyItem[];
  rolloutState: RolloutState;
  rolloutStateReason: string;
  // Service controller bookkeeping (src/scheduler/reconcile). Optional: absent until the
  // controller first needs them, and never shown on the wire.
  /** Failed task starts since a task of this deployment last proved healthy; drives the retry backoff. */
  consecutiveFailures?: number;
  /** Epoch seconds: stoppedAt of the newest failed task counted. */
  lastFailureAt?: number;
  /** Ids of the failed tasks already counted (newest first, at most 100), so no failure is counted twice. */
  countedFailureTaskIds?: string[];
  /** The last COMPLETED deployment when this one started: where the circuit breaker rolls back to. */
  rollbackTo?: { id: string; taskDefinition: string };
  /**
   * deploymentConfiguration.alarms on this deployment, as ECS's ServiceDeploymentAlarms
   * status: MONITORING while it rolls out, TRIGGERED when an alarm failed it,
   * MONITORING_COMPLETE when the bake time passed with no alarm, DISABLED on a
   * rollback deployment (never failed by the alarms that started it). Absent: not watched yet.
   */
  alarmsStatus?: DeploymentAlarmsStatus;
  /** The alarms found in ALARM when the deployment failed. */
  triggeredAlarmNames?: string[];
  /** Epoch seconds: when the watched deployment last reached steady state; the bake time runs from here. */
  bakeStartedAt?: number;
  /** Named alarms CloudWatch did not have, as last reported in a service event (reported again only when this changes). */
  missingAlarmNames?: string[];
  /**
   * Set on a deployment that rolls another one back (circuit breaker, alarms, or a
   * user's StopServiceDeployment): the failed deployment `of`, the deployment `to`
   * whose revision it restores, why, and whether a user asked for it. Its progress
   * is the service deployment history of `of` (ROLLBACK_*), not a history of its own.
   */
  rollback?: DeploymentRollback;
  /**
   * The ServiceDeploymentStatus last written to the service deployment history this
   * record drives (its own, or for a rollback the one it rolls back). Set when the
   * service is committed (src/scheduler/history), so a status is written once.
   */
  reported?: ServiceDeploymentStatus;
}

export interface DeploymentRollback {
  of: string;
  to: string;
  reason: string;
  requestedByUser?: boolean;
}

/** ECS ServiceDeploymentRollbackMonitorsStatus. */
export type DeploymentAlarmsStatus = 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED';

export interface ServiceEventRecord {
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  message: string;
}

export interface ServiceRecord {
  serviceName: string;
  serviceArn: string;
  clusterName: string;
  clusterArn: string;
  status: ServiceStatus;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  deployments: DeploymentRecord[];
  deploymentConfiguration: DeploymentConfiguration;
  placementConstraints: PlacementConstraint[];
  placementStrategy: PlacementStrategy[];
  loadBalancers: LoadBalancer[];
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  launchType: 'EC2';
  /** Set when the service runs on capacity providers (then ECS shows no launch type). */
  capacityProviderStrategy?: StrategyItem[];
  /** Newest first, at most 100. */
  events: ServiceEventRecord[];
  createdAt: number;
  createdBy: string;
  clientToken?: string;
  tags: Tag[];
  enableECSManagedTags: boolean;
  propagateTags: 'TASK_DEFINITION' | 'SERVICE' | 'NONE';
  /** Set when the service's tasks changed outside a reconcile pass (epoch ms). */
  dirtyAt: number;
  /** When the last reconcile pass that looked at this service started (epoch ms). */
  reconciledAt: number;
  /**
   * When a pass must look again even if nothing changes (epoch ms): the last
   * plan waits for time alone (a failing health check's grace period, the
   * retry backoff). Absent when it waits for nothing.
   */
  attentionAt?: number;
}

export const MAX_SERVICE_EVENTS = 100;
