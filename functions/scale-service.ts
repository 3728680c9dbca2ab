import { handleAlarmEvent, type AlarmEvent } from '../src/app/scaling/fire-alarm.js';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const config = readConfig();
const log = jsonLogger('scale-service');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });

/**
 * Invoked by CloudWatch alarm actions (asynchronously, with the event
 * CloudWatch sends a Lambda alarm action): applies the scaling policies the
 * alarm drives to their ECS services.
 */
export const handler = lambdaHandler<AlarmEvent, void>((event) => handleAlarmEvent(ctx, event, log));
