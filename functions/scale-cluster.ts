import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { handleCapacityAlarmEvent, type AlarmEvent } from '../src/app/capacity/scale-cluster.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const config = readConfig();
const log = jsonLogger('scale-cluster');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });

/**
 * Invoked by a capacity provider's CloudWatch alarm (its Lambda action) with
 * the alarm state-change event: scales the provider's Auto Scaling group.
 */
export const handler = lambdaHandler<AlarmEvent, unknown>(async (event) => {
  const outcome = await handleCapacityAlarmEvent(ctx, event, log);
  return outcome ?? { scaled: false };
});
