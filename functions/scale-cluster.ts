import { scaleClusterHandler } from '../src/wiring/scaling-handlers.js';

/** A capacity provider's alarm action: scales its Auto Scaling group. Built once per Lambda container. */
export const handler = scaleClusterHandler();
