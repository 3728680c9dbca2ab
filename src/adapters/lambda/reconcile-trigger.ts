import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { BerthConfig } from '../../config.js';
import type { Logger } from '../../logging/logger.js';
import type { ReconcileTrigger } from '../../ports/reconcile-trigger.js';

/** Coalesces bursts: from one process, at most one invocation per cluster per window, plus one at its end. */
export const TRIGGER_WINDOW_MS = 50;

/**
 * "Reconcile this cluster soon": an asynchronous (Event) invocation of the
 * reconciler function, on AWS or on serverless-offline's Lambda endpoint.
 * Fire-and-forget; a lost trigger is covered by the scheduled pass.
 */
export function lambdaReconcileTrigger(config: BerthConfig, log: Pick<Logger, 'warn'>): ReconcileTrigger {
  if (!config.reconcilerFunction) return { request: () => {} };
  const lambda = new LambdaClient({
    region: config.region,
    endpoint: config.lambdaEndpoint,
    ...(config.lambdaEndpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
  return coalescedTrigger((cluster) =>
    lambda
      .send(
        new InvokeCommand({
          FunctionName: config.reconcilerFunction,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ cluster })),
        }),
      )
      .then(
        () => undefined,
        (err) => log.warn('reconcile trigger failed', { cluster, error: String(err) }),
      ),
  );
}

/**
 * Leading and trailing edge per cluster: the first request in a quiet window
 * invokes at once (a lone change, such as the report that makes a service
 * steady, is not held back), requests during the window fold into one
 * invocation at its end (so what they changed is seen by a pass that starts
 * after them), whatever the burst.
 */
export function coalescedTrigger(invoke: (cluster: string) => void, windowMs = TRIGGER_WINDOW_MS): ReconcileTrigger {
  const windows = new Map<string, { again: boolean }>();
  const open = (cluster: string) => {
    const w = { again: false };
    windows.set(cluster, w);
    invoke(cluster);
    setTimeout(() => {
      windows.delete(cluster);
      if (w.again) open(cluster);
    }, windowMs).unref?.();
  };
  return {
    request(cluster) {
      const w = windows.get(cluster);
      if (w) w.again = true;
      else open(cluster);
    },
  };
}
