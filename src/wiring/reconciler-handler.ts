import type { Context } from 'aws-lambda';
import { reconcileClusters } from '../app/reconcile/reconcile-clusters.js';
import { allClusterNames, reconcileClusterPass } from '../app/reconcile/run-reconcile.js';
import { singleFlight } from '../app/reconcile/single-flight.js';
import { lambdaTimeLeft, unbounded } from '../app/reconcile/time-budget.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext, type BuildOptions } from './app-context.js';
import { lambdaHandler } from './lambda-handler.js';

/**
 * functions/reconciler: scheduled (`rate(1 minute)`: every cluster) or invoked
 * asynchronously after a state change (`{"cluster": "name"}`: that cluster).
 * Each pass logs its seed, so a placement can be replayed. The invocation's
 * remaining time, less a margin, bounds the work: what it does not reach
 * waits for the next pass.
 */
export function reconcilerHandler(config: BerthConfig = readConfig(), opts: BuildOptions = {}) {
  const ctx = buildAppContext(config, opts);
  const log = createLogger({ fields: { component: 'reconciler' } });
  const pass = singleFlight((cluster, timeLeft) => reconcileClusterPass(ctx, cluster, log, timeLeft));
  return lambdaHandler<{ cluster?: unknown }, unknown>(async (event, context?: Context) => {
    const timeLeft = context?.getRemainingTimeInMillis ? lambdaTimeLeft(() => context.getRemainingTimeInMillis()) : unbounded;
    const clusters = typeof event?.cluster === 'string' ? [event.cluster] : await allClusterNames(ctx);
    const { summaries, deferred } = await reconcileClusters(clusters, pass, timeLeft, ctx.ids.seed() % Math.max(1, clusters.length));
    for (const s of summaries) if (s.servicesReconciled || s.lost || s.conflicts) log.info('reconcile pass', { ...s });
    if (deferred.length) log.info('reconcile pass out of time', { deferred: deferred.length, clusters: clusters.length });
    return summaries;
  });
}
