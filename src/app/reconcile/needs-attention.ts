import type { ServiceRecord } from '../../domain/service.js';

/** Even a steady, untouched service is looked at this often: a safety net for a lost dirty mark. */
export const FULL_CHECK_INTERVAL_MS = 5 * 60_000;

/**
 * Whether a pass must read this service's tasks. `instancesNeedMoves`: some
 * instance is lost or DRAINING while still holding tasks, so any service may
 * have tasks to move. A plan that waits for time (attentionAt) is looked at
 * again when that time comes. A steady service nobody
 * touched since the last pass costs nothing beyond its own item: a steady
 * cluster's pass never reads every task.
 */
export function needsAttention(s: ServiceRecord, now: number, instancesNeedMoves: boolean): boolean {
  if (s.status === 'INACTIVE') return false;
  const steady = s.status === 'ACTIVE' && s.deployments.length === 1 && s.runningCount === s.desiredCount && s.pendingCount === 0;
  const due = s.attentionAt !== undefined && now >= s.attentionAt;
  return !steady || instancesNeedMoves || due || s.dirtyAt >= s.reconciledAt || now - s.reconciledAt >= FULL_CHECK_INTERVAL_MS;
}
