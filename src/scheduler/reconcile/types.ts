/**
 * Inputs and outputs of the service controller. Plain data only: the
 * controller is pure (no I/O, no clock, no Math.random), so the reconciler
 * function builds these from the store and applies the plan it gets back.
 */
import type { DeploymentRecord, ServiceEventRecord, ServiceRecord, ServiceStatus } from '../../domain/service.js';
import type { PlacementAssumptions } from '../../domain/placement-assumption.js';
import type { TaskRecord } from '../../domain/task.js';
import type { ProviderCapacity } from '../capacity/provider-placement.js';
import type {
  ClosestMatch,
  Placement,
  PlacementConstraint,
  PlacementInstance,
  PortRequest,
  RequiredAttribute,
} from '../placement/index.js';

/** The part of a stored task the controller reads (timestamps in epoch seconds, as stored). */
export type ReconcileTask = Pick<
  TaskRecord,
  | 'taskId'
  | 'taskArn'
  | 'deploymentId'
  | 'containerInstanceId'
  | 'lastStatus'
  | 'desiredStatus'
  | 'createdAt'
  | 'startedAt'
  | 'stoppedAt'
  | 'healthStatus'
  | 'stopCode'
  | 'stoppedReason'
  | 'protectedUntil'
  | 'capacityProviderName'
  | 'loadBalancing'
>;

/** What one task of a task definition needs, resolved by the caller. */
export interface TaskDefinitionInfo {
  cpu: number;
  /** Already the memoryReservation-or-memory sum the instance gives up. */
  memory: number;
  ports: PortRequest[];
  /** Task definitions allow only memberOf. */
  placementConstraints: PlacementConstraint[];
  family: string;
  requiredAttributes?: RequiredAttribute[];
}

/** Task definition ARN -> what its tasks need. Must cover every deployment's task definition. */
export type TaskDefinitions = Readonly<Record<string, TaskDefinitionInfo>>;

/** Injected id generators: the controller never invents randomness of its own. */
export interface ReconcileIds {
  newTaskId: () => string;
  /** e.g. 'ecs-svc/1234567890123456789'; used for circuit-breaker rollbacks. */
  newDeploymentId: () => string;
  newEventId: () => string;
}

/** The snapshot shared by every service of one pass. */
export interface ClusterSnapshot extends ReconcileIds {
  instances: readonly PlacementInstance[];
  /** Instances whose agent stopped reporting beyond the grace period. */
  lostInstanceIds: ReadonlySet<string>;
  taskDefinitions: TaskDefinitions;
  /** Epoch milliseconds. */
  now: number;
  seed: number;
  /** The capacity providers services' strategies name: can their groups grow, how big is an instance. */
  capacityProviders?: Readonly<Record<string, ProviderCapacity>>;
  /** How many more tasks may wait in PROVISIONING in the cluster (ECS: 100 at most); 0 when absent. */
  provisioningRoom?: number;
}

/** CloudWatch alarm states, as the caller read them this pass (ECS reads them with DescribeAlarms). */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** What the caller read of a service's deployment alarms (deploymentConfiguration.alarms.alarmNames). */
export interface AlarmReadings {
  /** Alarm name -> state, for every named alarm CloudWatch has; a name not here does not exist. */
  states: Readonly<Record<string, AlarmState>>;
  /**
   * The bake time (seconds) the alarms' configuration gives: the longest Period × EvaluationPeriods
   * among them (ECS computes the bake time from the alarms; it cannot be set on a rolling deployment).
   */
  bakeSeconds: number;
}

export interface ServiceReconcileInput extends ClusterSnapshot {
  service: ServiceRecord;
  /** Live tasks of the service, plus the ones that STOPPED since service.reconciledAt. */
  tasks: readonly ReconcileTask[];
  /**
   * The service's deployment alarms as read this pass. Absent while the PRIMARY
   * deployment watches alarms means they could not be read: it is then neither
   * failed nor completed by them this pass.
   */
  alarms?: AlarmReadings;
}

export interface ClusterReconcileInput extends ClusterSnapshot {
  services: readonly { service: ServiceRecord; tasks: readonly ReconcileTask[]; alarms?: AlarmReadings }[];
}

/** A new task to create (lastStatus PROVISIONING, desiredStatus RUNNING) where the engine put it. */
export interface PlaceTask {
  deploymentId: string;
  taskDefinition: string;
  taskId: string;
  /** 'service:<name>'. */
  group: string;
  placement: Placement;
  /** The capacity provider the deployment's strategy chose for it. */
  capacityProvider?: string;
}

/** A new task that waits in PROVISIONING for its capacity provider's group to grow (no instance yet). */
export interface ProvisionTask {
  deploymentId: string;
  taskDefinition: string;
  taskId: string;
  group: string;
  capacityProvider: string;
}

/** A task whose desiredStatus becomes STOPPED; the agent stops it. */
export interface StopTask {
  taskId: string;
  reason: string;
  stopCode: 'ServiceSchedulerInitiated';
}

/** A task on a lost (or vanished) instance: the control plane marks it STOPPED itself. */
export interface LostTask {
  taskId: string;
  reason: string;
}

/** The service fields a plan sets (always all of them, changed or not). */
export interface ServicePatch {
  status: ServiceStatus;
  /** DAEMON services only: one per instance that satisfies the service's rules. */
  desiredCount?: number;
  taskDefinition: string;
  runningCount: number;
  pendingCount: number;
  /** PRIMARY first; drained deployments removed. */
  deployments: DeploymentRecord[];
  /** Newest first, at most 100. */
  events: ServiceEventRecord[];
}

export interface Unplaced {
  count: number;
  /** Why the best instance was rejected; set when count > 0. */
  closest?: ClosestMatch;
}

/** Nomad-style named buckets: tests assert on these, the applier writes them. */
export interface ServicePlan {
  serviceName: string;
  serviceArn: string;
  place: PlaceTask[];
  /** Tasks to create in PROVISIONING (capacity providers that can grow). */
  provision: ProvisionTask[];
  stop: StopTask[];
  lost: LostTask[];
  service: ServicePatch;
  /** service differs from the stored record: the caller must write it. */
  changed: boolean;
  /** Exactly one deployment, runningCount == desiredCount, nothing pending, placing or stopping. */
  steady: boolean;
  unplaced: Unplaced;
  /** Epoch ms: placements are held back by the retry backoff until then; reconcile again at that time. */
  retryAt?: number;
  /**
   * Epoch ms: the plan waits for time alone (the retry backoff, a failing
   * health check's grace period): reconcile again then, even if nothing changes.
   */
  revisitAt?: number;
  /** What the placements read from their instances (placement rules): the commit re-checks it. */
  assumptions: PlacementAssumptions;
}

export interface ClusterPlan {
  /** In the order of `input.services`. */
  plans: ServicePlan[];
  /** The instances with every placement of the pass reserved. */
  instances: PlacementInstance[];
}
