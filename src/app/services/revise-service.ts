import { serviceNotActive } from '../../domain/errors.js';
import type { ServiceRecord } from '../../domain/service.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import type { AppContext } from '../context.js';
import { requireService } from './resolve-service.js';

/** A change to a service: the record to write, and how (by default ctx.services.put under the version read). */
export interface ServiceRevision {
  next: ServiceRecord;
  commit?: (next: ServiceRecord, expectedVersion: number) => Promise<boolean>;
}

/**
 * Optimistic read-modify-write of an ACTIVE service, shared by UpdateService
 * and Application Auto Scaling: `revise` sees the record as it is now and
 * decides (undefined: nothing to change); a write that lost to a concurrent
 * one is re-decided on a fresh read (ctx.conflictRetry's policy), so a person's UpdateService and a
 * scaling activity at the same moment both take effect, neither lost. A
 * committed change marks the service dirty and asks for a reconcile pass.
 */
export async function reviseService(
  ctx: AppContext,
  cluster: string,
  service: string,
  revise: (current: ServiceRecord) => Promise<ServiceRevision | undefined> | ServiceRevision | undefined,
): Promise<ServiceRecord | undefined> {
  return retryOnConflict(`service ${service}`, ctx.conflictRetry, async () => {
    const { record, version } = await requireService(ctx, cluster, service);
    if (record.status !== 'ACTIVE') throw serviceNotActive();
    const revision = await revise(record);
    if (!revision) return undefined;
    const commit = revision.commit ?? ((next, v) => ctx.services.put(next, v));
    if (!(await commit(revision.next, version))) return CONFLICT;
    await ctx.services.markDirty(cluster, record.serviceName, ctx.clock.now());
    ctx.reconcile.request(cluster);
    return revision.next;
  });
}

/** The record with a new desired count: the service's and its PRIMARY deployment's (what the reconciler converges to). */
export function withDesiredCount(record: ServiceRecord, desiredCount: number, nowMs: number): ServiceRecord {
  return {
    ...record,
    desiredCount,
    deployments: record.deployments.map((d) => (d.status === 'PRIMARY' ? { ...d, desiredCount, updatedAt: nowMs / 1000 } : d)),
  };
}
