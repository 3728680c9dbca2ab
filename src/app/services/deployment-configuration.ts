import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
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
  return merged;
}
