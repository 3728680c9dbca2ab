import { reconcileClusterPass, allClusterNames } from '../src/app/reconcile/run-reconcile.js';
import { singleFlight } from '../src/app/reconcile/single-flight.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const ctx = buildAppContext(readConfig());
const log = jsonLogger('reconciler');
const pass = singleFlight((cluster) => reconcileClusterPass(ctx, cluster, log));

/**
 * Scheduled (`rate(1 minute)`: every cluster) or invoked asynchronously after
 * a state change (`{"cluster": "name"}`: that cluster). Each pass logs its
 * seed, so a placement can be replayed.
 */
export const handler = lambdaHandler<{ cluster?: unknown }, unknown>(async (event) => {
  const clusters = typeof event?.cluster === 'string' ? [event.cluster] : await allClusterNames(ctx);
  const summaries = await Promise.all(clusters.map((c) => pass(c)));
  for (const s of summaries) if (s.servicesReconciled || s.lost || s.conflicts) log.info('reconcile pass', { ...s });
  return summaries;
});
