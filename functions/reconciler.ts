import middy from '@middy/core';
import { runReconcile } from '../src/app/reconcile/run-reconcile.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';

const ctx = buildAppContext(readConfig());
const log = jsonLogger('reconciler');

/**
 * Scheduled (`rate(1 minute)`: every cluster) or invoked asynchronously after
 * a state change (`{"cluster": "name"}`: that cluster). Each pass logs its
 * seed, so a placement can be replayed.
 */
export const handler = middy<{ cluster?: string } | Record<string, unknown>, unknown>().handler(async (event) => {
  const cluster = typeof event?.cluster === 'string' ? event.cluster : undefined;
  const summaries = await runReconcile(ctx, cluster ? [cluster] : undefined, log);
  for (const s of summaries) if (s.servicesReconciled || s.lost || s.conflicts) log.info('reconcile pass', { ...s });
  return summaries;
});
