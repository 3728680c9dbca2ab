import type { ServiceRecord } from '../../domain/service.js';
import { keys } from './keys.js';

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

export function serviceUpdate(table: string, service: ServiceRecord, expectedVersion: number) {
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
