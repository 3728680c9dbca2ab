import type { ServiceDeploymentRecord, ServiceDeploymentStatus, ServiceRevisionRecord } from '../domain/service-deployment.js';
import type { Page, PageRequest } from './page.js';

/** A service deployment or revision by where it lives (what its ARN says). */
export interface HistoryKey {
  cluster: string;
  service: string;
  /** The service's deployment id (`ecs-svc/…`). */
  deploymentId: string;
}

export interface ServiceDeploymentQuery extends PageRequest {
  cluster: string;
  service: string;
  /** Epoch seconds, inclusive bounds on createdAt. */
  createdAfter?: number;
  createdBefore?: number;
  statuses?: readonly ServiceDeploymentStatus[];
}

/**
 * The service deployment history, read side. It is written with the service
 * itself (every ServiceRepository / TaskRepository / ScalingRepository write of
 * a service carries the history its deployments call for).
 */
export interface ServiceHistoryRepository {
  /** Newest first. A page may hold fewer than `limit` items when a status filter applies (as ECS says). */
  listDeployments(query: ServiceDeploymentQuery): Promise<Page<ServiceDeploymentRecord>>;
  getDeployments(keys: readonly HistoryKey[]): Promise<ServiceDeploymentRecord[]>;
  getRevisions(keys: readonly HistoryKey[]): Promise<ServiceRevisionRecord[]>;
}
