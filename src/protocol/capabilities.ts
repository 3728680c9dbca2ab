/**
 * ECS capability attributes, named as the Amazon ECS container agent names
 * them. A container instance advertises what its agent and container runtime
 * can do as name-only attributes when it registers; a task definition's
 * `requiresAttributes` (computed at registration from its container
 * definitions, see domain/task-definition-requirements.ts) names what its
 * containers need; placement puts a task only where every one is present.
 */

/** The ECS agent's original namespace (docker-remote-api, logging drivers, privileged containers). */
const LEGACY_PREFIX = 'com.amazonaws.ecs.capability.';
/** The namespace of the capabilities ECS added later. */
const PREFIX = 'ecs.capability.';

/** The host's Docker Engine speaks this version of the Docker Remote API (`1.24`). */
export const dockerRemoteApiCapability = (version: string): string => `${LEGACY_PREFIX}docker-remote-api.${version}`;
/** The instance can send container logs through this Docker logging driver. */
export const loggingDriverCapability = (driver: string): string => `${LEGACY_PREFIX}logging-driver.${driver}`;
/** Containers may run `privileged`. */
export const PRIVILEGED_CONTAINER_CAPABILITY = `${LEGACY_PREFIX}privileged-container`;
/** The agent runs container health checks (`healthCheck`) and reports their status. */
export const CONTAINER_HEALTH_CHECK_CAPABILITY = `${PREFIX}container-health-check`;
/** The agent starts and stops containers in `dependsOn` order. */
export const CONTAINER_ORDERING_CAPABILITY = `${PREFIX}container-ordering`;

/**
 * The Docker Remote API versions that gate container definition members, as
 * the ECS API reference documents them: logConfiguration, dockerLabels and
 * ulimits need 1.18, log driver options 1.19, healthCheck 1.24,
 * linuxParameters.initProcessEnabled 1.25.
 */
export const DOCKER_API = { logConfiguration: '1.18', labels: '1.18', ulimits: '1.18', logOptions: '1.19', health: '1.24', init: '1.25' };

/** The oldest Docker Remote API version ECS agents report: 1.17. */
const OLDEST_REPORTED_MINOR = 17;

/**
 * Every `1.x` version an Engine answering with API versions `min`..`max`
 * (`docker version`: MinAPIVersion, ApiVersion) speaks, from 1.17 up, as the
 * ECS agent reports them. Unparseable versions give none.
 */
export function dockerRemoteApiVersions(min: string | undefined, max: string): string[] {
  const minor = (v: string | undefined) => {
    const m = v === undefined ? undefined : /^1\.(\d+)$/.exec(v);
    return m ? Number(m[1]) : undefined;
  };
  const top = minor(max);
  if (top === undefined) return [];
  const bottom = Math.max(OLDEST_REPORTED_MINOR, minor(min) ?? OLDEST_REPORTED_MINOR);
  const out: string[] = [];
  for (let v = bottom; v <= top; v++) out.push(`1.${v}`);
  return out;
}

/**
 * The logging drivers a task definition may name on container instances (the
 * ECS model's LogDriver values, less awsfirelens: that one needs a FireLens
 * log router container, which Berth refuses).
 */
export const ECS_LOG_DRIVERS = ['json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk'] as const;
