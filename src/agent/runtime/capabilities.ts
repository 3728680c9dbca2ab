/**
 * The ECS capability attributes a container instance advertises when it
 * registers (see protocol/capabilities.ts): what its driver really does.
 * Placement puts a task only on instances that have every attribute of its
 * task definition's requiresAttributes.
 */
import type Docker from 'dockerode';
import {
  CONTAINER_HEALTH_CHECK_CAPABILITY,
  CONTAINER_ORDERING_CAPABILITY,
  DOCKER_API,
  dockerRemoteApiCapability,
  dockerRemoteApiVersions,
  ECS_LOG_DRIVERS,
  loggingDriverCapability,
  PRIVILEGED_CONTAINER_CAPABILITY,
} from '../../protocol/index.js';

/** What the Engine answered: `docker version` (ApiVersion, MinAPIVersion) and `docker info` (Plugins.Log). */
export interface EngineFacts {
  apiVersion: string;
  minApiVersion?: string;
  logDrivers: readonly string[];
}

export class LoggingDriverUnavailableError extends Error {
  override name = 'LoggingDriverUnavailableError';
}

/**
 * A Docker Engine instance: the Remote API versions it speaks, the ECS
 * logging drivers it has (only `offered` ones when the operator chose, as
 * ECS_AVAILABLE_LOGGING_DRIVERS does for the ECS agent), health checks (API
 * 1.24), container ordering (the agent's own) and privileged containers.
 */
export function dockerCapabilities(engine: EngineFacts, offered?: readonly string[]): string[] {
  const versions = dockerRemoteApiVersions(engine.minApiVersion, engine.apiVersion);
  const available = ECS_LOG_DRIVERS.filter((d) => engine.logDrivers.includes(d));
  const missing = (offered ?? []).filter((d) => !(available as readonly string[]).includes(d));
  if (missing.length > 0) {
    throw new LoggingDriverUnavailableError(
      `--logging-drivers ${missing.join(',')}: Docker Engine has only ${available.join(', ') || 'no ECS logging driver'}`,
    );
  }
  return [
    ...versions.map(dockerRemoteApiCapability),
    ...(offered ?? available).map(loggingDriverCapability),
    ...(versions.includes(DOCKER_API.health) ? [CONTAINER_HEALTH_CHECK_CAPABILITY] : []),
    CONTAINER_ORDERING_CAPABILITY,
    PRIVILEGED_CONTAINER_CAPABILITY,
  ];
}

export async function readEngineFacts(docker: Docker): Promise<EngineFacts> {
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<{ Plugins?: { Log?: string[] } }>]);
  return { apiVersion: version.ApiVersion, minApiVersion: version.MinAPIVersion, logDrivers: info.Plugins?.Log ?? [] };
}

/**
 * The process driver runs commands on the host: it runs health checks and
 * orders containers by dependsOn, but has no Docker Engine, so no logging
 * driver, Remote API feature or privileged mode to offer.
 */
export const PROCESS_CAPABILITIES: readonly string[] = [CONTAINER_HEALTH_CHECK_CAPABILITY, CONTAINER_ORDERING_CAPABILITY];
