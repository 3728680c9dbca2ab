import type { DeploymentConfiguration, PlacementStrategy } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';

/** ECS's deployment defaults for a DAEMON service: one task per instance, so nothing above 100 %, and none kept up by default. */
export const DAEMON_DEPLOYMENT_DEFAULTS: DeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 100,
  minimumHealthyPercent: 0,
};

/**
 * What a DAEMON service refuses: its task count follows its instances, and
 * placement strategies do not apply (ECS refuses them too).
 */
export function checkDaemonInput(input: {
  desiredCount?: number;
  placementStrategy?: PlacementStrategy[];
  deploymentConfiguration?: DeploymentConfiguration;
}): void {
  if (input.placementStrategy?.length)
    throw invalidParameter('Placement strategies are not supported with the DAEMON scheduling strategy.');
  if (input.desiredCount !== undefined && input.desiredCount !== 0) {
    throw invalidParameter('The DAEMON scheduling strategy places one task on each container instance: desiredCount cannot be set.');
  }
  const max = input.deploymentConfiguration?.maximumPercent;
  if (max !== undefined && max !== 100) throw invalidParameter('maximumPercent of a DAEMON service must be 100.');
}
