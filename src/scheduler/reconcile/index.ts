/** Public surface of the service controller. */
export { reconcileService, planService } from './reconcile-service.js';
export { reconcileCluster, serviceOrder } from './reconcile-cluster.js';
export { reserve, reserveAll, type ReserveRequest } from './reserve.js';
export {
  DEFAULT_MAXIMUM_PERCENT,
  DEFAULT_MINIMUM_HEALTHY_PERCENT,
  DEFAULT_SERVICE_STRATEGY,
  deploymentSettings,
  servicePlacementRequest,
  serviceConstraints,
  serviceGroup,
  serviceStrategy,
  taskBounds,
  type CircuitBreaker,
  type DeploymentAlarmSettings,
  type DeploymentSettings,
  type ThresholdType,
} from './config.js';
export {
  HEALTHY_AFTER_SECONDS,
  countTasks,
  hasProvenHealthy,
  isActive,
  isHealthy,
  isPending,
  isRunning,
  type TaskCounts,
} from './counts.js';
export {
  BACKOFF_BASE_MS,
  BACKOFF_EVENT_AFTER,
  BACKOFF_MAX_MS,
  FAILURE_STOP_CODES,
  backoffDelayMs,
  backoffUntil,
  breakerThreshold,
  breakerTrips,
  recordFailures,
} from './failures.js';
export { applyAlarms, bakeGate, watchesAlarms, type BakeGate } from './alarms.js';
export { MAX_TASKS_PER_EVENT, appendEvents, messages, rolloutReasons, stopReasons } from './events.js';
export { decideRolling, type RollingDecision, type RollingInput } from './rolling.js';
export { selectForStop, type StopCandidate, type StopContext } from './scale-in.js';
export type {
  AlarmReadings,
  AlarmState,
  ClusterPlan,
  ClusterReconcileInput,
  ClusterSnapshot,
  LostTask,
  PlaceTask,
  ReconcileIds,
  ReconcileTask,
  ServicePatch,
  ServicePlan,
  ServiceReconcileInput,
  StopTask,
  TaskDefinitionInfo,
  TaskDefinitions,
  Unplaced,
} from './types.js';
export {
  behindLoadBalancer,
  byTargetGroup,
  drainedAt,
  elbStopReason,
  failedElbHealthCheck,
  healthyForService,
  targetMessages,
  targetsToDeregister,
  targetWorkBeforePlan,
  wantedTargets,
  type TargetTask,
  type TargetWorkBeforePlan,
  type TaskTargets,
} from './load-balancing.js';
