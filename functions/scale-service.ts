import { scaleServiceHandler } from '../src/wiring/scaling-handlers.js';

/** CloudWatch alarm actions: the scaling policies an alarm drives. Built once per Lambda container. */
export const handler = scaleServiceHandler();
