import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { BerthConfig } from '../../config.js';
import type { Logger } from '../../logging/logger.js';
import type { ReconcileTrigger } from '../../ports/reconcile-trigger.js';

/** Coalesces bursts: at most one invocation per cluster per window from one process. */
const WINDOW_MS = 50;

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
  const pending = new Set<string>();
  return {
    request(cluster) {
      if (pending.has(cluster)) return;
      pending.add(cluster);
      setTimeout(() => {
        pending.delete(cluster);
        lambda
          .send(
            new InvokeCommand({
              FunctionName: config.reconcilerFunction,
              InvocationType: 'Event',
              Payload: Buffer.from(JSON.stringify({ cluster })),
            }),
          )
          .catch((err) => log.warn('reconcile trigger failed', { cluster, error: String(err) }));
      }, WINDOW_MS).unref?.();
    },
  };
}
