import { publishClusterMetrics } from '../src/app/metrics/publish-metrics.js';
import { allClusterNames } from '../src/app/reconcile/run-reconcile.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const ctx = buildAppContext(readConfig());
const log = jsonLogger('publish-metrics');

/**
 * Scheduled (every minute on AWS; every metric period locally): every
 * cluster's ECS metrics for the periods closed since its last publication,
 * one PutMetricData call per cluster.
 */
export const handler = lambdaHandler<unknown, unknown>(async () => {
  const clusters = await allClusterNames(ctx);
  const results = await Promise.allSettled(clusters.map((c) => publishClusterMetrics(ctx, c)));
  results.forEach((r, i) => {
    if (r.status === 'rejected') log.error('metrics not published', { cluster: clusters[i], error: String(r.reason) });
    else if (r.value.capacityError)
      log.warn('capacity provider metrics not published', { cluster: clusters[i], error: r.value.capacityError });
  });
  return results.flatMap((r) => (r.status === 'fulfilled' && r.value.data ? [r.value] : []));
});
