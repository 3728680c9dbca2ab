/**
 * The scaling schedule's pass (functions/scaling-schedule, every minute on
 * AWS, every metric period locally): runs the scheduled actions that are
 * due, and re-applies the policies of alarms that stay in ALARM and name
 * Berth's scale-service function — CloudWatch invokes a Lambda action once
 * per state change, while Application Auto Scaling keeps scaling every
 * period an alarm stays in ALARM (cooldowns decide whether it may).
 */
import { refireCapacityAlarms } from '../capacity/scale-cluster.js';
import type { AppContext } from '../context.js';
import { fireAlarm, type AlarmLog } from './fire-alarm.js';
import { runScheduledAction } from './scheduled-actions.js';

/** Scheduled actions run per pass at most (the rest are due next pass). */
const DUE_PER_PASS = 100;

export interface SchedulePassSummary {
  scheduledRun: number;
  alarmsInAlarm: number;
  /** Capacity providers' alarms still in ALARM: scale-cluster acts on them again (target tracking on the group). */
  capacityAlarmsInAlarm: number;
}

export async function runScalingSchedule(ctx: AppContext, log: AlarmLog): Promise<SchedulePassSummary> {
  let scheduledRun = 0;
  for (const action of await ctx.scaling.dueScheduledActions(ctx.clock.now(), DUE_PER_PASS)) {
    try {
      if (await runScheduledAction(ctx, action)) scheduledRun++;
    } catch (err) {
      log.warn('scheduled action failed', { action: action.scheduledActionArn, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const alarms = await ctx.cloudwatch.describeAlarms({ state: 'ALARM', actionPrefix: ctx.autoscaling.scaleServiceArn });
  for (const alarm of alarms) await fireAlarm(ctx, alarm, log);
  const capacityAlarmsInAlarm = await refireCapacityAlarms(ctx, log);
  return { scheduledRun, alarmsInAlarm: alarms.length, capacityAlarmsInAlarm };
}
