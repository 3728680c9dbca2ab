import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ServiceRecord } from '../../domain/service.js';
import type { VersionedService } from '../../ports/service-repository.js';
import { recordHistory } from '../../scheduler/history/service-history.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { historyItems } from './service-history-items.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Services live in their cluster's partition; `version` guards every write of
 * the record. The dirty mark lives beside the record, never in it, and record
 * writes never touch it: an agent marking the service dirty (no version bump)
 * can therefore never be undone by a reconcile pass that read before the mark
 * (the pass stamps `reconciledAt` with its start, and needs-attention looks
 * again while `dirtyAt >= reconciledAt`). Marks are written to an item of
 * their own (keys.serviceDirty: 1 WCU, where an update of the service item
 * costs 2); the service item's top-level `dirtyAt` is the mark at creation
 * (and on items written before the marks moved); readers take the later one.
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

/**
 * A dirty mark expires a day after it was last written, so the mark of a
 * deleted service does not stay forever. An expired mark can no longer change
 * a decision: a service whose mark is newer than its last pass is at least
 * that old since its last pass, and a pass looks at every service not
 * reconciled for FULL_CHECK_INTERVAL_MS (5 minutes) anyway.
 */
export const DIRTY_MARK_TTL_SECONDS = 24 * 3600;

/** "Look at me soon": one small unconditional write (a mark for a service that is gone expires unread). */
export const dirtyMarkUpdate = (table: string, cluster: string, name: string, at: number) => ({
  TableName: table,
  Key: keys.serviceDirty(cluster, name),
  UpdateExpression: 'SET dirtyAt = :at, #ttl = :ttl',
  ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
  ExpressionAttributeValues: { ':at': at, ':ttl': Math.floor(at / 1000) + DIRTY_MARK_TTL_SECONDS },
});

export interface ServiceItem {
  SK: string;
  service: ServiceRecord;
  version: number;
  dirtyAt: number;
}

interface DirtyMarkItem {
  SK: string;
  dirtyAt: number;
}

/** The record as use cases see it: the dirty marks (the item's own and its mark item's, the later one) folded in. */
export const decodeService = (item: ServiceItem, mark?: DirtyMarkItem): VersionedService => ({
  record: { ...item.service, dirtyAt: Math.max(item.dirtyAt ?? item.service.dirtyAt, mark?.dirtyAt ?? Number.NEGATIVE_INFINITY) },
  version: item.version,
});

/**
 * Service items and their dirty marks, in any order (a Query of `SERVICE#`,
 * a BatchGet of both keys) → the services with their marks folded in. A mark
 * without its service (written as the service was deleted, or for a name
 * that never existed) is no service.
 */
export function decodeServices(items: readonly Record<string, unknown>[]): VersionedService[] {
  const marks = new Map<string, DirtyMarkItem>();
  const services: ServiceItem[] = [];
  for (const item of items) {
    if ('service' in item) services.push(item as unknown as ServiceItem);
    else if (typeof item.dirtyAt === 'number') marks.set(String(item.SK), item as unknown as DirtyMarkItem);
  }
  return services.map((s) => decodeService(s, marks.get(keys.serviceDirty(s.service.clusterName, s.service.serviceName).SK)));
}
