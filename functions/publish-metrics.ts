import { publishMetricsHandler } from '../src/wiring/scaling-handlers.js';

/** Every cluster's ECS metrics, on a schedule. Built once per Lambda container. */
export const handler = publishMetricsHandler();
