import type { PassSummary } from './run-reconcile.js';
import type { TimeLeft } from './time-budget.js';

/** Cluster passes running at once in one invocation: enough to overlap DynamoDB round trips, few enough not to flood the table. */
export const CLUSTER_CONCURRENCY = 8;

export interface ClustersPass {
  summaries: PassSummary[];
  /** Clusters the budget did not reach at all, or left part of: the next pass takes them up. */
  deferred: string[];
}

/**
 * One pass over many clusters (the scheduled pass), bounded by `timeLeft`: a
 * few clusters at a time, none started once the budget is spent. The walk
 * starts at `start` (a random offset per pass) and wraps around, so when
 * passes keep running out of time it is not always the same clusters that wait.
 */
export async function reconcileClusters(
  clusters: readonly string[],
  pass: (cluster: string, timeLeft: TimeLeft) => Promise<PassSummary>,
  timeLeft: TimeLeft,
  start = 0,
  concurrency = CLUSTER_CONCURRENCY,
): Promise<ClustersPass> {
  const n = clusters.length;
  const order = Array.from({ length: n }, (_, i) => clusters[(start + i) % n]!);
  const out: ClustersPass = { summaries: [], deferred: [] };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const cluster = order[next++]!;
      if (timeLeft() <= 0) {
        out.deferred.push(cluster);
        continue;
      }
      const summary = await pass(cluster, timeLeft);
      out.summaries.push(summary);
      if (summary.deferred) out.deferred.push(cluster);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return out;
}
