/**
 * What an agent runs: a task with every port mapping bound to the host port
 * the control plane chose (never 0: the control plane, not Docker, picks
 * dynamic ports, so no two tasks are given the same one), overrides applied.
 *
 * A container is an ECS ContainerDefinition whose members the control plane
 * validated against the ECS model at RegisterTaskDefinition; the parser checks
 * the task's fields, each container's name and resolved ports, that every
 * other member is one ECS defines (CONTAINER_DEFINITION_MEMBERS) and that its
 * value is JSON nested at most MAX_SPEC_VALUE_DEPTH deep.
 */
import type { ContainerDefinition, Volume } from '@aws-sdk/client-ecs';
import {
  MAX_CONTAINERS_PER_TASK,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PORTS_PER_CONTAINER,
  MAX_SPEC_VALUE_DEPTH,
  MAX_VOLUMES_PER_TASK,
} from './bounds.js';
import { InvalidMessageError } from './invalid-message-error.js';
import { integer, jsonValue, list, object, enumValue, port, present, text, unique, type Fields } from './reader.js';
import { TRANSPORT_PROTOCOLS, type TransportProtocol } from './task-report.js';

/** A port mapping whose hostPort was resolved by the control plane. */
export interface ResolvedPortMapping {
  containerPort: number;
  hostPort: number;
  protocol: TransportProtocol;
}

/** One container of a task: `name` is required (it keys dependsOn, links and reports); port mappings are resolved. */
export type ContainerSpec = Omit<ContainerDefinition, 'name' | 'portMappings'> & {
  name: string;
  portMappings?: ResolvedPortMapping[];
};

/**
 * `bridge` (default) uses Docker's default bridge with legacy links; `host`
 * shares the host network (hostPort == containerPort); `none` gives
 * containers no network. The process driver always uses the host's.
 */
export const NETWORK_MODES = ['bridge', 'host', 'none'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

export interface TaskSpec {
  taskArn: string;
  taskId: string;
  clusterName: string;
  family: string;
  revision: number;
  containers: ContainerSpec[];
  volumes?: Volume[];
  /** Task-level CPU units / MiB; informational for the drivers (containers carry their own limits). */
  taskCpu?: number;
  taskMemory?: number;
  networkMode?: NetworkMode;
}

/**
 * ContainerDefinition's members in the ECS API model (botocore's
 * service-2.json, Apache-2.0; see src/api/model/NOTICE). The control plane
 * copies exactly these into a ContainerSpec.
 */
export const CONTAINER_DEFINITION_MEMBERS = [
  'name',
  'image',
  'repositoryCredentials',
  'cpu',
  'memory',
  'memoryReservation',
  'links',
  'portMappings',
  'essential',
  'restartPolicy',
  'entryPoint',
  'command',
  'environment',
  'environmentFiles',
  'mountPoints',
  'volumesFrom',
  'linuxParameters',
  'secrets',
  'dependsOn',
  'startTimeout',
  'stopTimeout',
  'versionConsistency',
  'hostname',
  'user',
  'workingDirectory',
  'disableNetworking',
  'privileged',
  'readonlyRootFilesystem',
  'dnsServers',
  'dnsSearchDomains',
  'extraHosts',
  'dockerSecurityOptions',
  'interactive',
  'pseudoTerminal',
  'dockerLabels',
  'ulimits',
  'logConfiguration',
  'healthCheck',
  'systemControls',
  'resourceRequirements',
  'firelensConfiguration',
  'credentialSpecs',
] as const;
/** Volume's members in the same model. */
export const VOLUME_MEMBERS = [
  'name',
  'host',
  'dockerVolumeConfiguration',
  'efsVolumeConfiguration',
  's3filesVolumeConfiguration',
  'fsxWindowsFileServerVolumeConfiguration',
  'configuredAtLaunch',
] as const;

const TASK_FIELDS = new Set([
  'taskArn',
  'taskId',
  'clusterName',
  'family',
  'revision',
  'containers',
  'volumes',
  'taskCpu',
  'taskMemory',
  'networkMode',
]);
const CONTAINER_FIELDS = new Set<string>(CONTAINER_DEFINITION_MEMBERS);
const VOLUME_FIELDS = new Set<string>(VOLUME_MEMBERS);
const MAPPING_FIELDS = new Set(['containerPort', 'hostPort', 'protocol']);

export function parseTaskSpec(value: unknown, path = 'spec'): TaskSpec {
  const t = object(value, path, TASK_FIELDS);
  const containers = list(t.containers, `${path}.containers`, MAX_CONTAINERS_PER_TASK, parseContainerSpec);
  if (containers.length === 0) throw new InvalidMessageError(`${path}.containers`, 'must hold at least one container');
  const out: TaskSpec = {
    taskArn: text(t.taskArn, `${path}.taskArn`, MAX_ID_LENGTH),
    taskId: text(t.taskId, `${path}.taskId`, MAX_ID_LENGTH),
    clusterName: text(t.clusterName, `${path}.clusterName`, MAX_NAME_LENGTH),
    family: text(t.family, `${path}.family`, MAX_NAME_LENGTH),
    revision: integer(t.revision, `${path}.revision`, 1, 2 ** 31 - 1),
    containers: unique(containers, `${path}.containers`, (c) => c.name, 'container name'),
  };
  if (present(t.volumes)) out.volumes = list(t.volumes, `${path}.volumes`, MAX_VOLUMES_PER_TASK, parseVolume);
  if (present(t.taskCpu)) out.taskCpu = integer(t.taskCpu, `${path}.taskCpu`, 1, 2 ** 31 - 1);
  if (present(t.taskMemory)) out.taskMemory = integer(t.taskMemory, `${path}.taskMemory`, 1, 2 ** 31 - 1);
  if (present(t.networkMode)) out.networkMode = enumValue(t.networkMode, `${path}.networkMode`, NETWORK_MODES);
  return out;
}

function parseContainerSpec(value: unknown, path: string): ContainerSpec {
  const c = object(value, path, CONTAINER_FIELDS);
  const out: Fields = {};
  for (const key in c) {
    if (!Object.hasOwn(c, key) || !present(c[key])) continue;
    if (key === 'name') out.name = text(c.name, `${path}.name`, MAX_NAME_LENGTH);
    else if (key === 'portMappings') out.portMappings = list(c.portMappings, `${path}.portMappings`, MAX_PORTS_PER_CONTAINER, parseMapping);
    else out[key] = jsonValue(c[key], `${path}.${key}`, MAX_SPEC_VALUE_DEPTH);
  }
  if (out.name === undefined) text(undefined, `${path}.name`, MAX_NAME_LENGTH);
  return out as ContainerSpec;
}

function parseMapping(value: unknown, path: string): ResolvedPortMapping {
  const m = object(value, path, MAPPING_FIELDS);
  return {
    containerPort: port(m.containerPort, `${path}.containerPort`),
    hostPort: port(m.hostPort, `${path}.hostPort`),
    protocol: enumValue(m.protocol, `${path}.protocol`, TRANSPORT_PROTOCOLS),
  };
}

function parseVolume(value: unknown, path: string): Volume {
  const v = object(value, path, VOLUME_FIELDS);
  const out: Fields = {};
  for (const key in v) {
    if (!Object.hasOwn(v, key) || !present(v[key])) continue;
    out[key] = key === 'name' ? text(v.name, `${path}.name`, MAX_NAME_LENGTH) : jsonValue(v[key], `${path}.${key}`, MAX_SPEC_VALUE_DEPTH);
  }
  return out as Volume;
}
