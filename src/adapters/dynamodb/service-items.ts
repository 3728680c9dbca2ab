import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ServiceRecord } from '../../domain/service.js';
import { recordHistory } from '../../scheduler/history/service-history.js';
import { keys } from './keys.js';
import { historyItems } from './service-history-items.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Services live in their cluster's partition; `version` guards every write of
 * the record. `dirtyAt` lives beside the record, at the top level, and record
 * writes never touch it: an agent marking the service dirty (no version bump)
 * can therefore never be undone by a reconcile pass that read before the mark.
 */
export const newServiceItem = (service: ServiceRecord) => ({
  ...keys.service(service.clusterName, service.serviceName),
  type: 'service',
  version: 1,
  status: service.status,
  dirtyAt: service.dirtyAt,
  service,
});

/**
 * Every write of a service record: the service deployment history its
 * deployments call for (src/scheduler/history), then the record with its
 * `reported` markers up to date — in one transaction, so the history never
 * misses or repeats a state. `service` is always the last item (callers read
 * its cancellation reason there); `history` is empty when no state moved.
 */
export function serviceWrite(
  table: string,
  service: ServiceRecord,
  expectedVersion: number,
): { history: TransactItem[]; service: TransactItem } {
  const derived = recordHistory(service);
  return { history: historyItems(table, derived.writes), service: { Update: serviceUpdate(table, derived.service, expectedVersion) } };
}

/** A new service's item and the history of its first deployment. */
export function serviceCreate(service: ServiceRecord): {
  history: ReturnType<typeof recordHistory>['writes'];
  item: ReturnType<typeof newServiceItem>;
} {
  const derived = recordHistory(service);
  return { history: derived.writes, item: newServiceItem(derived.service) };
}

function serviceUpdate(table: string, service: ServiceRecord, expectedVersion: number) {
  return {
    TableName: table,
    Key: keys.service(service.clusterName, service.serviceName),
    UpdateExpression: 'SET #svc = :svc, #status = :status, version = :next',
    ConditionExpression: 'version = :v',
    ExpressionAttributeNames: { '#svc': 'service', '#status': 'status' },
    ExpressionAttributeValues: { ':svc': service, ':status': service.status, ':next': expectedVersion + 1, ':v': expectedVersion },
  };
}

export interface ServiceItem {
  service: ServiceRecord;
  version: number;
  dirtyAt: number;
}

/** The record as use cases see it: the top-level dirty mark folded in. */
export const decodeService = (item: ServiceItem): { record: ServiceRecord; version: number } => ({
  record: { ...item.service, dirtyAt: item.dirtyAt ?? item.service.dirtyAt },
  version: item.version,
});
