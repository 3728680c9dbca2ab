import { allClusterNames, reconcileClusterPass } from '../app/reconcile/run-reconcile.js';
import { singleFlight } from '../app/reconcile/single-flight.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext, type BuildOptions } from './app-context.js';
import { lambdaHandler } from './lambda-handler.js';

/**
 * functions/reconciler: scheduled (`rate(1 minute)`: every cluster) or invoked
 * asynchronously after a state change (`{"cluster": "name"}`: that cluster).
 * Each pass logs its seed, so a placement can be replayed.
 */
export function reconcilerHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const ctx = buildAppContext(config, opts);
  const log = createLogger({ fields: { component: 'reconciler' } });
  const pass = singleFlight((cluster) => reconcileClusterPass(ctx, cluster, log));
  return lambdaHandler<{ cluster?: unknown }, unknown>(async (event) => {
    const clusters = typeof event?.cluster === 'string' ? [event.cluster] : await allClusterNames(ctx);
    const summaries = await Promise.all(clusters.map((c) => pass(c)));
    for (const s of summaries) if (s.servicesReconciled || s.lost || s.conflicts) log.info('reconcile pass', { ...s });
    return summaries;
  });
}
