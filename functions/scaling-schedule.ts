import { scalingScheduleHandler } from '../src/wiring/scaling-handlers.js';

/** Scheduled actions and alarms still in ALARM, on a schedule. Built once per Lambda container. */
export const handler = scalingScheduleHandler();
