/**
 * ECS's service deployment history: a service deployment per rollout a
 * CreateService/UpdateService starts, and the service revision it deploys
 * (the service's configuration at that moment). Names, states and shapes
 * follow the ECS API model (ServiceDeployment, ServiceRevision). Times are
 * epoch seconds, as every stored record keeps them.
 */
import type { DeploymentConfiguration, LoadBalancer } from '@aws-sdk/client-ecs';
import type { StrategyItem } from './capacity-provider.js';

export const SERVICE_DEPLOYMENT_STATUSES = [
  'PENDING',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
] as const;
export type ServiceDeploymentStatus = (typeof SERVICE_DEPLOYMENT_STATUSES)[number];

/** The states a deployment may still be stopped (rolled back) from, per ECS's "Stopping Amazon ECS service deployments". */
export const STOPPABLE: ReadonlySet<ServiceDeploymentStatus> = new Set(['PENDING', 'IN_PROGRESS']);
/** A rollback already asked for or under way: another ROLLBACK stop continues it. */
export const ROLLING_BACK: ReadonlySet<ServiceDeploymentStatus> = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);
export const FINISHED: ReadonlySet<ServiceDeploymentStatus> = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);

export type MonitorStatus = 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED';

export interface RevisionSummary {
  arn: string;
  requestedTaskCount: number;
  runningTaskCount: number;
  pendingTaskCount: number;
}

export interface ServiceDeploymentRecord {
  /** The service's deployment id it reports on (`ecs-svc/…`). */
  deploymentId: string;
  serviceDeploymentArn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  sourceServiceRevisions: RevisionSummary[];
  targetServiceRevision: RevisionSummary;
  status: ServiceDeploymentStatus;
  statusReason: string;
  deploymentConfiguration: DeploymentConfiguration;
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  deploymentCircuitBreaker: { status: MonitorStatus; failureCount: number; threshold: number };
  alarms: { status: MonitorStatus; alarmNames?: string[]; triggeredAlarmNames?: string[] };
}

export interface ServiceRevisionRecord {
  serviceRevisionArn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinition: string;
  capacityProviderStrategy?: StrategyItem[];
  launchType?: 'EC2';
  loadBalancers: LoadBalancer[];
  createdAt: number;
}

/** `ecs-svc/1234567890123456789` → `1234567890123456789`: the id in the history's ARNs. */
export const historyId = (deploymentId: string) => deploymentId.slice(deploymentId.lastIndexOf('/') + 1);
export const deploymentIdOf = (historyId: string) => `ecs-svc/${historyId}`;

type HistoryKind = 'service-deployment' | 'service-revision';

/** `arn:…:service/<cluster>/<service>` → `arn:…:service-deployment/<cluster>/<service>/<id>` (and service-revision). */
function historyArn(kind: HistoryKind, serviceArn: string, deploymentId: string): string {
  return `${serviceArn.replace(/:service\//, `:${kind}/`)}/${historyId(deploymentId)}`;
}
export const serviceDeploymentArn = (serviceArn: string, deploymentId: string) =>
  historyArn('service-deployment', serviceArn, deploymentId);
export const serviceRevisionArn = (serviceArn: string, deploymentId: string) => historyArn('service-revision', serviceArn, deploymentId);

export interface HistoryRef {
  region: string;
  accountId: string;
  cluster: string;
  service: string;
  /** The service's deployment id (`ecs-svc/…`). */
  deploymentId: string;
}

const NAME = '[A-Za-z0-9_-]{1,255}';
const HISTORY_ARN_RE = new RegExp(
  `^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\\d{12}):(service-deployment|service-revision)/(${NAME})/(${NAME})/(\\d{1,19})$`,
);

/** A service deployment or revision ARN → where it lives; undefined when it is not one of `kind`. */
export function parseHistoryArn(value: string, kind: HistoryKind): HistoryRef | undefined {
  const m = HISTORY_ARN_RE.exec(value);
  if (!m || m[3] !== kind) return undefined;
  return { region: m[1]!, accountId: m[2]!, cluster: m[4]!, service: m[5]!, deploymentId: deploymentIdOf(m[6]!) };
}
