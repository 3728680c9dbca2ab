import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { effectiveContainers } from '../../domain/effective-definition.js';
import type { TaskRecord } from '../../domain/task.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import { parseTaskCpu, parseTaskMemory } from '../../domain/task-definition-rules.js';
import { CONTAINER_DEFINITION_MEMBERS, VOLUME_MEMBERS, type ContainerSpec, type TaskSpec } from '../../protocol/index.js';

/**
 * What an agent needs to run a task: the definition's containers with the
 * task's overrides applied and every port mapping bound to the host port
 * chosen at placement (never 0: the control plane, not Docker, picks dynamic
 * ports, so no two tasks can be given the same one). Only the members ECS
 * defines are copied: whatever else a stored definition holds is not sent.
 */
export function buildTaskSpec(task: TaskRecord, td: TaskDefinitionRecord): TaskSpec {
  const containers = effectiveContainers(td, task.overrides).map((c) => containerSpec(task, c));
  const networkMode = td.networkMode === 'host' || td.networkMode === 'none' ? td.networkMode : 'bridge';
  return {
    taskArn: task.taskArn,
    taskId: task.taskId,
    clusterName: task.clusterName,
    family: task.family,
    revision: task.revision,
    containers,
    volumes: td.volumes?.map((v) => pick(v, VOLUME_MEMBERS)),
    ...(td.cpu ? { taskCpu: parseTaskCpu(td.cpu) } : {}),
    ...(td.memory ? { taskMemory: parseTaskMemory(td.memory) } : {}),
    networkMode,
  };
}

function containerSpec(task: TaskRecord, c: ContainerDefinition): ContainerSpec {
  return {
    ...pick(c, CONTAINER_DEFINITION_MEMBERS),
    name: c.name!,
    portMappings: (c.portMappings ?? [])
      .filter((p) => p.containerPort !== undefined)
      .map((p) => {
        const protocol = (p.protocol ?? 'tcp') as 'tcp' | 'udp';
        const bound = task.hostPorts.find(
          (h) => h.containerName === c.name && h.containerPort === p.containerPort && h.protocol === protocol,
        );
        return { containerPort: p.containerPort!, hostPort: bound?.hostPort ?? p.hostPort ?? p.containerPort!, protocol };
      }),
  };
}

/** The members of `value` named in `keys` (the protocol's list of what ECS defines). */
function pick<T extends object>(value: T, keys: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
