/** Container health checks: ECS healthCheck ⇄ Docker Healthcheck and health states. */
import type { HealthCheck } from '@aws-sdk/client-ecs';
import type { HealthConfig } from 'dockerode';
import { HEALTH_DEFAULTS } from '../supervision/task-health.js';
import type { HealthStatus } from '../../../protocol/index.js';

const NS_PER_SECOND = 1_000_000_000;

/**
 * ECS healthCheck → Docker Healthcheck. ECS commands are `["CMD", exe, …]`
 * or `["CMD-SHELL", "script"]`, exactly Docker's `Test` form; a bare command
 * is treated as a shell script so a sloppy definition still probes.
 */
export function toDockerHealthcheck(check: HealthCheck): HealthConfig {
  const command = check.command ?? [];
  const test = ['CMD', 'CMD-SHELL', 'NONE'].includes(command[0] ?? '') ? command : ['CMD-SHELL', command.join(' ')];
  return {
    Test: test,
    Interval: (check.interval ?? HEALTH_DEFAULTS.interval) * NS_PER_SECOND,
    Timeout: (check.timeout ?? HEALTH_DEFAULTS.timeout) * NS_PER_SECOND,
    Retries: check.retries ?? HEALTH_DEFAULTS.retries,
    StartPeriod: (check.startPeriod ?? HEALTH_DEFAULTS.startPeriod) * NS_PER_SECOND,
  };
}

/** Docker's health state ("starting" | "healthy" | "unhealthy" | "none") → ECS HealthStatus. */
export function fromDockerHealth(status: string | undefined): HealthStatus {
  if (status === 'healthy') return 'HEALTHY';
  if (status === 'unhealthy') return 'UNHEALTHY';
  return 'UNKNOWN';
}

/** The health part of a Docker event action such as "health_status: healthy", if it is one. */
export function healthFromEventAction(action: string): HealthStatus | undefined {
  const prefix = 'health_status:';
  if (!action.startsWith(prefix)) return undefined;
  return fromDockerHealth(action.slice(prefix.length).trim());
}
