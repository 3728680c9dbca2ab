import { runScalingSchedule } from '../src/app/scaling/scaling-schedule.js';
import { lambdaReconcileTrigger } from '../src/adapters/lambda/reconcile-trigger.js';
import { readConfig } from '../src/config.js';
import { jsonLogger } from '../src/logging.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

const config = readConfig();
const log = jsonLogger('scaling-schedule');
const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });

/** Scheduled (every minute on AWS, every metric period locally): due scheduled actions, and alarms still in ALARM. */
export const handler = lambdaHandler<unknown, unknown>(async () => {
  const summary = await runScalingSchedule(ctx, log);
  if (summary.scheduledRun || summary.alarmsInAlarm || summary.capacityAlarmsInAlarm) log.info('scaling schedule pass', { ...summary });
  return summary;
});
