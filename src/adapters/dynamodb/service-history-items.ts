import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { historyId, type ServiceDeploymentRecord, type ServiceRevisionRecord } from '../../domain/service-deployment.js';
import type { HistoryWrite } from '../../scheduler/history/service-history.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** ECS keeps 90 days of service deployment history; TTL trims ours likewise. */
export const HISTORY_TTL_SECONDS = 90 * 24 * 3600;

const expiry = (atSeconds: number) => Math.floor(atSeconds) + HISTORY_TTL_SECONDS;

/**
 * Service deployments are stored flat (every field a top-level attribute), so a
 * progress update SETs attributes and never depends on a nested map existing.
 */
export const DEPLOYMENT_FIELDS = [
  'deploymentId',
  'serviceDeploymentArn',
  'serviceArn',
  'clusterArn',
  'createdAt',
  'startedAt',
  'finishedAt',
  'stoppedAt',
  'updatedAt',
  'sourceServiceRevisions',
  'targetServiceRevision',
  'status',
  'statusReason',
  'deploymentConfiguration',
  'rollback',
  'deploymentCircuitBreaker',
  'alarms',
] as const satisfies readonly (keyof ServiceDeploymentRecord)[];

export function decodeServiceDeployment(item: Record<string, unknown>): ServiceDeploymentRecord {
  const out: Record<string, unknown> = {};
  for (const f of DEPLOYMENT_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as ServiceDeploymentRecord;
}

export function decodeServiceRevision(item: Record<string, unknown>): ServiceRevisionRecord {
  return item.revision as ServiceRevisionRecord;
}

/** The transaction items that write a service's history next to the service itself. */
export function historyItems(table: string, writes: readonly HistoryWrite[]): TransactItem[] {
  return writes.map((w): TransactItem => {
    const id = historyId(w.deploymentId);
    switch (w.kind) {
      case 'revision':
        return {
          Put: {
            TableName: table,
            Item: {
              ...keys.serviceRevision(w.cluster, w.service, id),
              type: 'serviceRevision',
              revision: w.revision,
              [TTL_ATTRIBUTE]: expiry(w.revision.createdAt),
            },
          },
        };
      case 'deployment':
        return {
          Put: {
            TableName: table,
            Item: {
              ...keys.serviceDeployment(w.cluster, w.service, id),
              ...keys.serviceDeploymentList(w.cluster, w.service, Math.round(w.deployment.createdAt * 1000), id),
              type: 'serviceDeployment',
              ...w.deployment,
              [TTL_ATTRIBUTE]: expiry(w.deployment.updatedAt),
            },
          },
        };
      case 'progress': {
        const names: Record<string, string> = { '#ttl': TTL_ATTRIBUTE };
        const values: Record<string, unknown> = { ':ttl': expiry(w.progress.updatedAt) };
        const sets = ['#ttl = :ttl'];
        for (const [field, value] of Object.entries(w.progress)) {
          if (value === undefined) continue;
          names[`#${field}`] = field;
          values[`:${field}`] = value;
          // startedAt is when the deployment first moved: kept once set.
          sets.push(field === 'startedAt' ? `#${field} = if_not_exists(#${field}, :${field})` : `#${field} = :${field}`);
        }
        return {
          Update: {
            TableName: table,
            Key: keys.serviceDeployment(w.cluster, w.service, id),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        };
      }
    }
  });
}
