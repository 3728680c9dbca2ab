import type { HealthStatus } from '../../../protocol/index.js';

/** ECS health check defaults (seconds / count) when the task definition leaves a field out. */
export const HEALTH_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;

export interface HealthInput {
  essential: boolean;
  hasHealthCheck: boolean;
  health?: HealthStatus;
}

/**
 * ECS task health: UNHEALTHY if any essential container is UNHEALTHY;
 * HEALTHY if every essential container that has a health check is HEALTHY
 * (and there is at least one); otherwise UNKNOWN.
 */
export function taskHealth(containers: HealthInput[]): HealthStatus {
  const checked = containers.filter((c) => c.essential && c.hasHealthCheck);
  if (checked.some((c) => c.health === 'UNHEALTHY')) return 'UNHEALTHY';
  if (checked.length > 0 && checked.every((c) => c.health === 'HEALTHY')) return 'HEALTHY';
  return 'UNKNOWN';
}
