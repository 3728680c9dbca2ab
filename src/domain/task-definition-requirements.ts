import type { Attribute, ContainerDefinition } from '@aws-sdk/client-ecs';
import {
  CONTAINER_HEALTH_CHECK_CAPABILITY,
  CONTAINER_ORDERING_CAPABILITY,
  DOCKER_API,
  dockerRemoteApiCapability,
  loggingDriverCapability,
  PRIVILEGED_CONTAINER_CAPABILITY,
} from '../protocol/index.js';

/**
 * A task definition's `requiresAttributes`, as ECS computes them when the
 * definition is registered: the capabilities (see protocol/capabilities.ts) a
 * container instance must advertise to run its containers. Only features
 * Berth runs are mapped; the members Berth refuses (secrets, awsvpc, EFS, …)
 * never reach here.
 */
export function requiresAttributesOf(containers: readonly ContainerDefinition[]): Attribute[] {
  const names = new Set<string>();
  const docker = (version: string) => names.add(dockerRemoteApiCapability(version));
  for (const c of containers) {
    if (c.logConfiguration?.logDriver) {
      docker(DOCKER_API.logConfiguration);
      names.add(loggingDriverCapability(c.logConfiguration.logDriver));
      if (Object.keys(c.logConfiguration.options ?? {}).length > 0) docker(DOCKER_API.logOptions);
    }
    if (c.dockerLabels && Object.keys(c.dockerLabels).length > 0) docker(DOCKER_API.labels);
    if (c.ulimits && c.ulimits.length > 0) docker(DOCKER_API.ulimits);
    if (c.healthCheck) {
      docker(DOCKER_API.health);
      names.add(CONTAINER_HEALTH_CHECK_CAPABILITY);
    }
    if (c.linuxParameters?.initProcessEnabled) docker(DOCKER_API.init);
    if (c.dependsOn && c.dependsOn.length > 0) names.add(CONTAINER_ORDERING_CAPABILITY);
    if (c.privileged) names.add(PRIVILEGED_CONTAINER_CAPABILITY);
  }
  return [...names].sort().map((name) => ({ name }));
}
