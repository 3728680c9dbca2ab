import { lambdaReconcileTrigger } from '../adapters/lambda/reconcile-trigger.js';
import { handleCapacityAlarmEvent, type AlarmEvent as CapacityAlarmEvent } from '../app/capacity/scale-cluster.js';
import { publishClusterMetrics } from '../app/metrics/publish-metrics.js';
import { allClusterNames } from '../app/reconcile/run-reconcile.js';
import { handleAlarmEvent, type AlarmEvent } from '../app/scaling/fire-alarm.js';
import { runScalingSchedule } from '../app/scaling/scaling-schedule.js';
import { readConfig, type BerthConfig } from '../config.js';
import { createLogger } from '../logging/json-lines-logger.js';
import { buildAppContext } from './app-context.js';
import { lambdaHandler } from './lambda-handler.js';

/**
 * functions/publish-metrics: scheduled (every minute on AWS; every metric
 * period locally): every cluster's ECS metrics for the periods closed since
 * its last publication, one PutMetricData call per cluster.
 */
export function publishMetricsHandler(config: BerthConfig = readConfig()) {
  const ctx = buildAppContext(config);
  const log = createLogger({ fields: { component: 'publish-metrics' } });
  return lambdaHandler<unknown, unknown>(async () => {
    const clusters = await allClusterNames(ctx);
    const results = await Promise.allSettled(clusters.map((c) => publishClusterMetrics(ctx, c)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.error('metrics not published', { cluster: clusters[i], error: String(r.reason) });
      else if (r.value.capacityError)
        log.warn('capacity provider metrics not published', { cluster: clusters[i], error: r.value.capacityError });
    });
    return results.flatMap((r) => (r.status === 'fulfilled' && r.value.data ? [r.value] : []));
  });
}

/**
 * functions/scale-service: invoked by CloudWatch alarm actions (asynchronously,
 * with the event CloudWatch sends a Lambda alarm action): applies the scaling
 * policies the alarm drives to their ECS services.
 */
export function scaleServiceHandler(config: BerthConfig = readConfig()) {
  const log = createLogger({ fields: { component: 'scale-service' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });
  return lambdaHandler<AlarmEvent, void>((event) => handleAlarmEvent(ctx, event, log));
}

/** functions/scaling-schedule: scheduled (every minute on AWS, every metric period locally): due scheduled actions, and alarms still in ALARM. */
export function scalingScheduleHandler(config: BerthConfig = readConfig()) {
  const log = createLogger({ fields: { component: 'scaling-schedule' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });
  return lambdaHandler<unknown, unknown>(async () => {
    const summary = await runScalingSchedule(ctx, log);
    if (summary.scheduledRun || summary.alarmsInAlarm || summary.capacityAlarmsInAlarm) log.info('scaling schedule pass', { ...summary });
    return summary;
  });
}

/**
 * functions/scale-cluster: invoked by a capacity provider's CloudWatch alarm
 * (its Lambda action) with the alarm state-change event: scales the
 * provider's Auto Scaling group.
 */
export function scaleClusterHandler(config: BerthConfig = readConfig()) {
  const log = createLogger({ fields: { component: 'scale-cluster' } });
  const ctx = buildAppContext(config, { reconcile: lambdaReconcileTrigger(config, log) });
  return lambdaHandler<CapacityAlarmEvent, unknown>(async (event) => {
    const outcome = await handleCapacityAlarmEvent(ctx, event, log);
    return outcome ?? { scaled: false };
  });
}
