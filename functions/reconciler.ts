import type { Context } from 'aws-lambda';
import { reconcileClusterPass, allClusterNames } from '../src/app/reconcile/run-reconcile.js';
import { reconcileClusters } from '../src/app/reconcile/reconcile-clusters.js';
import { singleFlight } from '../src/app/reconcile/single-flight.js';
import { lambdaTimeLeft, unbounded } from '../src/app/reconcile/time-budget.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const ctx = buildAppContext(readConfig());
const log = jsonLogger('reconciler');
const pass = singleFlight((cluster, timeLeft) => reconcileClusterPass(ctx, cluster, log, timeLeft));

/**
 * Scheduled (`rate(1 minute)`: every cluster) or invoked asynchronously after
 * a state change (`{"cluster": "name"}`: that cluster). Each pass logs its
 * seed, so a placement can be replayed. The invocation's remaining time, less
 * a margin, bounds the work: what it does not reach waits for the next pass.
 */
export const handler = lambdaHandler<{ cluster?: unknown }, unknown>(async (event, context?: Context) => {
  const timeLeft = context?.getRemainingTimeInMillis ? lambdaTimeLeft(() => context.getRemainingTimeInMillis()) : unbounded;
  const clusters = typeof event?.cluster === 'string' ? [event.cluster] : await allClusterNames(ctx);
  const { summaries, deferred } = await reconcileClusters(clusters, pass, timeLeft, ctx.ids.seed() % Math.max(1, clusters.length));
  for (const s of summaries) if (s.servicesReconciled || s.lost || s.conflicts) log.info('reconcile pass', { ...s });
  if (deferred.length) log.info('reconcile pass out of time', { deferred: deferred.length, clusters: clusters.length });
  return summaries;
});
