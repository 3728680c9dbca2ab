/**
 * The service deployment history, derived from the deployment records of a
 * service at the moment the service is committed (every writer of the service
 * item calls `recordHistory`): whatever moved a rollout — the reconciler
 * completing it, the circuit breaker failing it and rolling back, a user's
 * StopServiceDeployment, an alarm — shows in the history without touching each
 * place. A record's `reported` marker holds the status last written, so a
 * status is written once, in the same transaction as the service.
 * Pure: the caller turns the writes into items.
 */
import type { DeploymentRecord, ServiceRecord } from '../../domain/service.js';
import {
  FINISHED,
  serviceDeploymentArn,
  serviceRevisionArn,
  type MonitorStatus,
  type RevisionSummary,
  type ServiceDeploymentRecord,
  type ServiceDeploymentStatus,
  type ServiceRevisionRecord,
} from '../../domain/service-deployment.js';
import { deploymentSettings } from '../reconcile/config.js';
import { rolloutReasons } from '../reconcile/events.js';
import { breakerThreshold } from '../reconcile/failures.js';

/** What changes on a service deployment after it was created (the rest stays as created). */
export interface DeploymentProgress {
  status: ServiceDeploymentStatus;
  statusReason: string;
  updatedAt: number;
  /** Set once, the first time the deployment is past PENDING. */
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  targetServiceRevision?: RevisionSummary;
  rollback?: ServiceDeploymentRecord['rollback'];
  deploymentCircuitBreaker?: ServiceDeploymentRecord['deploymentCircuitBreaker'];
  alarms?: ServiceDeploymentRecord['alarms'];
}

export type HistoryWrite =
  | { kind: 'revision'; cluster: string; service: string; deploymentId: string; revision: ServiceRevisionRecord }
  | { kind: 'deployment'; cluster: string; service: string; deploymentId: string; deployment: ServiceDeploymentRecord }
  | { kind: 'progress'; cluster: string; service: string; deploymentId: string; progress: DeploymentProgress };

/** The history this deployment record drives: which service deployment, and its state now. */
interface Report {
  /** The deployment id of the service deployment it reports on. */
  of: string;
  status: ServiceDeploymentStatus;
  statusReason: string;
}

export const historyReasons = {
  superseded: (id: string) => `ECS deployment ${id} stopped: a newer deployment of the service started.`,
  rollbackSucceeded: (to: string) => `Rolled back to the service revision of deployment ${to}.`,
  rollbackFailed: (to: string) => `The rollback to the service revision of deployment ${to} failed.`,
  rollbackSuperseded: (to: string) => `The rollback to the service revision of deployment ${to} stopped: a newer deployment started.`,
  userRollback: 'Rollback requested by StopServiceDeployment.',
};

const live = (d: DeploymentRecord) => d.runningCount + d.pendingCount;

function reportOf(d: DeploymentRecord, all: readonly DeploymentRecord[]): Report | undefined {
  const rb = d.rollback;
  if (rb) {
    const base = { of: rb.of };
    if (d.rolloutState === 'COMPLETED')
      return { ...base, status: 'ROLLBACK_SUCCESSFUL', statusReason: historyReasons.rollbackSucceeded(rb.to) };
    if (d.rolloutState === 'FAILED') return { ...base, status: 'ROLLBACK_FAILED', statusReason: historyReasons.rollbackFailed(rb.to) };
    if (d.status !== 'PRIMARY') return { ...base, status: 'STOPPED', statusReason: historyReasons.rollbackSuperseded(rb.to) };
    const requested = rb.requestedByUser && live(d) === 0 && d.reported !== 'ROLLBACK_IN_PROGRESS';
    return { ...base, status: requested ? 'ROLLBACK_REQUESTED' : 'ROLLBACK_IN_PROGRESS', statusReason: rb.reason };
  }
  // A deployment being rolled back is reported by its rollback.
  if (all.some((o) => o.rollback?.of === d.id)) return undefined;
  const base = { of: d.id, statusReason: d.rolloutStateReason };
  if (d.rolloutState === 'COMPLETED') return { ...base, status: 'SUCCESSFUL' };
  if (d.rolloutState === 'FAILED') return { ...base, status: 'STOPPED' };
  if (d.status !== 'PRIMARY') return { ...base, status: 'STOPPED', statusReason: historyReasons.superseded(d.id) };
  const pending = live(d) === 0 && d.failedTasks === 0 && (d.reported === undefined || d.reported === 'PENDING');
  return { ...base, status: pending ? 'PENDING' : 'IN_PROGRESS' };
}

const summary = (service: ServiceRecord, d: DeploymentRecord): RevisionSummary => ({
  arn: serviceRevisionArn(service.serviceArn, d.rollback?.to ?? d.id),
  requestedTaskCount: d.desiredCount,
  runningTaskCount: d.runningCount,
  pendingTaskCount: d.pendingCount,
});

function circuitBreaker(service: ServiceRecord, d: DeploymentRecord, status: ServiceDeploymentStatus) {
  const { breaker } = deploymentSettings(service);
  const monitor: MonitorStatus = !breaker.enable
    ? 'DISABLED'
    : d.rolloutState === 'FAILED' && d.rolloutStateReason === rolloutReasons.breakerFailed
      ? 'TRIGGERED'
      : FINISHED.has(status) || d.rolloutState !== 'IN_PROGRESS'
        ? 'MONITORING_COMPLETE'
        : 'MONITORING';
  return { status: monitor, failureCount: d.failedTasks, threshold: breakerThreshold(d.desiredCount, breaker) };
}

function alarms(service: ServiceRecord, d: DeploymentRecord, status: ServiceDeploymentStatus): ServiceDeploymentRecord['alarms'] {
  const config = service.deploymentConfiguration?.alarms;
  if (!config?.enable || d.alarmsStatus === 'DISABLED') return { status: 'DISABLED' };
  const alarmNames = [...(config.alarmNames ?? [])];
  // The controller's own verdict (src/scheduler/reconcile/alarms.ts) when it has one.
  if (d.alarmsStatus === 'TRIGGERED') return { status: 'TRIGGERED', alarmNames, triggeredAlarmNames: [...(d.triggeredAlarmNames ?? [])] };
  if (d.alarmsStatus === 'MONITORING_COMPLETE') return { status: 'MONITORING_COMPLETE', alarmNames };
  const done = FINISHED.has(status) || d.rolloutState !== 'IN_PROGRESS';
  return { status: done ? 'MONITORING_COMPLETE' : 'MONITORING', alarmNames };
}

/** Past a state, a deployment does not go back to it (a finished one stays finished; a rollback that started is no longer only requested). */
function settled(reported: ServiceDeploymentStatus | undefined, next: ServiceDeploymentStatus): ServiceDeploymentStatus {
  if (reported !== undefined && FINISHED.has(reported)) return reported;
  if (next === 'PENDING' && reported !== undefined && reported !== 'PENDING') return reported;
  if (next === 'ROLLBACK_REQUESTED' && reported === 'ROLLBACK_IN_PROGRESS') return reported;
  return next;
}

/**
 * The service with each deployment's `reported` marker brought up to date, and
 * the history writes that go with it: a new deployment's revision and service
 * deployment, or the progress of one already written.
 */
export function recordHistory(service: ServiceRecord): { service: ServiceRecord; writes: HistoryWrite[] } {
  const writes: HistoryWrite[] = [];
  const cluster = service.clusterName;
  const name = service.serviceName;
  const deployments = service.deployments.map((d) => {
    const report = reportOf(d, service.deployments);
    if (!report) return d;
    const status = settled(d.reported, report.status);
    if (status === d.reported) return d;
    const now = d.updatedAt;
    const finished = FINISHED.has(status);
    if (d.reported === undefined && !d.rollback) {
      writes.push({ kind: 'revision', cluster, service: name, deploymentId: d.id, revision: revisionOf(service, d) });
      writes.push({
        kind: 'deployment',
        cluster,
        service: name,
        deploymentId: d.id,
        deployment: {
          deploymentId: d.id,
          serviceDeploymentArn: serviceDeploymentArn(service.serviceArn, d.id),
          serviceArn: service.serviceArn,
          clusterArn: service.clusterArn,
          createdAt: d.createdAt,
          ...(status !== 'PENDING' && { startedAt: d.createdAt }),
          ...(finished && { finishedAt: now }),
          ...(status === 'STOPPED' && { stoppedAt: now }),
          updatedAt: now,
          sourceServiceRevisions: service.deployments.filter((o) => o.id !== d.id).map((o) => summary(service, o)),
          targetServiceRevision: summary(service, d),
          status,
          statusReason: report.statusReason,
          deploymentConfiguration: structuredClone(service.deploymentConfiguration ?? {}),
          deploymentCircuitBreaker: circuitBreaker(service, d, status),
          alarms: alarms(service, d, status),
        },
      });
    } else {
      // The deployment this one reports on, when still listed (a rollback reports on the one it rolls back).
      const subject = d.rollback ? service.deployments.find((o) => o.id === report.of) : d;
      writes.push({
        kind: 'progress',
        cluster,
        service: name,
        deploymentId: report.of,
        progress: {
          status,
          statusReason: report.statusReason,
          updatedAt: now,
          ...(status !== 'PENDING' && { startedAt: d.rollback ? d.createdAt : now }),
          ...(finished && { finishedAt: now }),
          ...(status === 'STOPPED' && { stoppedAt: now }),
          ...(d.rollback && {
            rollback: {
              reason: d.rollback.reason,
              startedAt: d.createdAt,
              serviceRevisionArn: serviceRevisionArn(service.serviceArn, d.rollback.to),
            },
          }),
          ...(subject && {
            targetServiceRevision: summary(service, subject),
            deploymentCircuitBreaker: circuitBreaker(service, subject, status),
            alarms: alarms(service, subject, status),
          }),
        },
      });
    }
    return { ...d, reported: status };
  });
  const changed = deployments.some((d, i) => d !== service.deployments[i]);
  return { service: changed ? { ...service, deployments } : service, writes };
}

function revisionOf(service: ServiceRecord, d: DeploymentRecord): ServiceRevisionRecord {
  return {
    serviceRevisionArn: serviceRevisionArn(service.serviceArn, d.id),
    serviceArn: service.serviceArn,
    clusterArn: service.clusterArn,
    taskDefinition: d.taskDefinition,
    ...(d.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: d.capacityProviderStrategy.map((s) => ({ ...s })) }
      : { launchType: d.launchType }),
    loadBalancers: service.loadBalancers.map((lb) => ({ ...lb })),
    createdAt: d.createdAt,
  };
}
