import type { DeploymentAlarms, DeploymentConfiguration } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';

/** ECS defaults for the rolling deployment controller, with the caller's values on top. */
export function deploymentConfiguration(
  given: DeploymentConfiguration | undefined,
  current?: DeploymentConfiguration,
): DeploymentConfiguration {
  const base = current ?? { deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 };
  const merged = {
    ...base,
    ...given,
    deploymentCircuitBreaker: { ...base.deploymentCircuitBreaker!, ...given?.deploymentCircuitBreaker },
  } as DeploymentConfiguration;
  const max = merged.maximumPercent!;
  const min = merged.minimumHealthyPercent!;
  if (min < 0 || min > 100) throw invalidParameter('minimumHealthyPercent must be between 0 and 100.');
  if (max < 100) throw invalidParameter('maximumPercent must be at least 100.');
  if (max <= min) throw invalidParameter('maximumPercent must be greater than minimumHealthyPercent.');
  if (given?.alarms) checkAlarms(given.alarms);
  return merged;
}

/** CloudWatch's alarm name bounds (AlarmName: 1 to 255 characters). */
const MAX_ALARM_NAME = 255;

/**
 * The alarms must be names CloudWatch could have. Whether they exist is not
 * checked here: as on ECS, a service may name an alarm created after it (the
 * reconciler says in the service's events which named alarms it cannot find).
 */
function checkAlarms(alarms: DeploymentAlarms): void {
  const names = alarms.alarmNames ?? [];
  for (const name of names) {
    if (name.length < 1 || name.length > MAX_ALARM_NAME)
      throw invalidParameter(`deploymentConfiguration.alarms.alarmNames: an alarm name must be 1 to ${MAX_ALARM_NAME} characters long.`);
  }
  if (alarms.enable && names.length === 0)
    throw invalidParameter('deploymentConfiguration.alarms.alarmNames must name at least one CloudWatch alarm when enable is true.');
}
