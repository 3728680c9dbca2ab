/**
 * Docker labels Berth puts on every container it creates. They are the only
 * state the Docker driver keeps: after an agent restart, a task is rebuilt
 * from its containers' labels (see adopt.ts).
 */
import type { HealthCheck, ContainerDependency, VolumeFrom } from '@aws-sdk/client-ecs';
import type { ContainerSpec, NetworkMode, ResolvedPortMapping, TaskSpec } from '../../../protocol/index.js';

export const LABEL = {
  managed: 'com.berth.managed',
  taskArn: 'com.berth.task-arn',
  taskId: 'com.berth.task-id',
  cluster: 'com.berth.cluster',
  family: 'com.berth.family',
  revision: 'com.berth.revision',
  networkMode: 'com.berth.network-mode',
  /** JSON array of every container name of the task, to detect half-created tasks. */
  taskContainers: 'com.berth.task-containers',
  containerName: 'com.berth.container-name',
  /** JSON of the scheduling-relevant part of the container definition. */
  containerSpec: 'com.berth.container-spec',
  /** The agent that created the container (DockerDriverOptions.owner), when several share one Docker Engine. */
  owner: 'com.berth.owner',
} as const;

/** The parts of a container definition the supervisor needs after a restart. */
interface StoredContainer {
  essential?: boolean;
  dependsOn?: ContainerDependency[];
  links?: string[];
  volumesFrom?: VolumeFrom[];
  stopTimeout?: number;
  startTimeout?: number;
  healthCheck?: HealthCheck;
  portMappings?: ResolvedPortMapping[];
}

export function containerLabels(task: TaskSpec, c: ContainerSpec, owner?: string): Record<string, string> {
  const stored: StoredContainer = {
    essential: c.essential,
    dependsOn: c.dependsOn,
    links: c.links,
    volumesFrom: c.volumesFrom,
    stopTimeout: c.stopTimeout,
    startTimeout: c.startTimeout,
    healthCheck: c.healthCheck,
    portMappings: c.portMappings,
  };
  return {
    [LABEL.managed]: 'true',
    [LABEL.taskArn]: task.taskArn,
    [LABEL.taskId]: task.taskId,
    [LABEL.cluster]: task.clusterName,
    [LABEL.family]: task.family,
    [LABEL.revision]: String(task.revision),
    [LABEL.networkMode]: task.networkMode ?? 'bridge',
    [LABEL.taskContainers]: JSON.stringify(task.containers.map((x) => x.name)),
    [LABEL.containerName]: c.name,
    [LABEL.containerSpec]: JSON.stringify(stored),
    ...(owner ? { [LABEL.owner]: owner } : {}),
  };
}

/** Labels Berth needs on a task-scoped Docker volume so it can be removed with its task. */
export function volumeLabels(task: TaskSpec): Record<string, string> {
  return { [LABEL.managed]: 'true', [LABEL.taskArn]: task.taskArn, [LABEL.cluster]: task.clusterName };
}

/** Task identity as read back from one container's labels. */
export interface LabelledTask {
  taskArn: string;
  taskId: string;
  clusterName: string;
  family: string;
  revision: number;
  networkMode: NetworkMode;
  containerNames: string[];
}

export function parseTaskLabels(labels: Record<string, string>): LabelledTask | undefined {
  const taskArn = labels[LABEL.taskArn];
  const taskId = labels[LABEL.taskId];
  if (!taskArn || !taskId) return undefined;
  const mode = labels[LABEL.networkMode];
  return {
    taskArn,
    taskId,
    clusterName: labels[LABEL.cluster] ?? '',
    family: labels[LABEL.family] ?? '',
    revision: Number(labels[LABEL.revision] ?? 0),
    networkMode: mode === 'host' || mode === 'none' ? mode : 'bridge',
    containerNames: parseJson<string[]>(labels[LABEL.taskContainers]) ?? [],
  };
}

/** Rebuild a container spec from labels plus the image Docker reports. */
export function parseContainerLabels(labels: Record<string, string>, image: string): ContainerSpec | undefined {
  const name = labels[LABEL.containerName];
  if (!name) return undefined;
  const stored = parseJson<StoredContainer>(labels[LABEL.containerSpec]) ?? {};
  return { ...stored, name, image };
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
