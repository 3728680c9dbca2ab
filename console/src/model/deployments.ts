/** A service's rollout, as the service page shows it. */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import type { Wire } from '../../../src/domain/wire.js';

export interface DeploymentProgress {
  id: string;
  status: string;
  taskDefinition: string;
  desired: number;
  running: number;
  pending: number;
  failed: number;
  /** running ÷ desired, 0–100 (100 when nothing is desired). */
  percent: number;
  rolloutState: string;
  rolloutStateReason?: string;
  createdAt?: number;
  updatedAt?: number;
}

export function deploymentProgress(d: Wire<Deployment>): DeploymentProgress {
  const desired = d.desiredCount ?? 0;
  const running = d.runningCount ?? 0;
  return {
    id: d.id ?? '',
    status: d.status ?? 'UNKNOWN',
    taskDefinition: d.taskDefinition ?? '',
    desired,
    running,
    pending: d.pendingCount ?? 0,
    failed: d.failedTasks ?? 0,
    percent: desired > 0 ? Math.min(100, Math.round((running / desired) * 100)) : 100,
    rolloutState: d.rolloutState ?? (d.status === 'PRIMARY' ? 'IN_PROGRESS' : 'ACTIVE'),
    rolloutStateReason: d.rolloutStateReason,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** PRIMARY first, then the older ones by creation, newest first. */
export function deploymentsInOrder(service: Wire<Service>): DeploymentProgress[] {
  return (service.deployments ?? [])
    .map(deploymentProgress)
    .sort((a, b) => Number(b.status === 'PRIMARY') - Number(a.status === 'PRIMARY') || (b.createdAt ?? 0) - (a.createdAt ?? 0));
}

export type Steadiness = 'steady' | 'deploying' | 'scaling' | 'inactive';

/**
 * `steady` as `aws ecs wait services-stable` sees it: one deployment and
 * runningCount = desiredCount; `deploying` while older deployments remain;
 * `scaling` while the one deployment has not reached its count.
 */
export function steadiness(service: Wire<Service>): Steadiness {
  if (service.status !== 'ACTIVE') return 'inactive';
  if ((service.deployments ?? []).length > 1) return 'deploying';
  return service.runningCount === service.desiredCount ? 'steady' : 'scaling';
}
