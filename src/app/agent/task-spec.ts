import { effectiveContainers } from '../../domain/effective-definition.js';
import type { TaskRecord } from '../../domain/task.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import { parseTaskCpu, parseTaskMemory } from '../../domain/task-definition-rules.js';
import type { TaskSpec } from '../../agent/runtime/types.js';

/**
 * What an agent needs to run a task: the definition's containers with the
 * task's overrides applied and every port mapping bound to the host port
 * chosen at placement (never 0: the control plane, not Docker, picks dynamic
 * ports, so no two tasks can be given the same one).
 */
export function taskSpec(task: TaskRecord, td: TaskDefinitionRecord): TaskSpec {
  const containers = effectiveContainers(td, task.overrides).map(({ portMappings, ...c }) => ({
    ...c,
    name: c.name!,
    portMappings: (portMappings ?? [])
      .filter((p) => p.containerPort !== undefined)
      .map((p) => {
        const protocol = (p.protocol ?? 'tcp') as 'tcp' | 'udp';
        const bound = task.hostPorts.find(
          (h) => h.containerName === c.name && h.containerPort === p.containerPort && h.protocol === protocol,
        );
        return { containerPort: p.containerPort!, hostPort: bound?.hostPort ?? p.hostPort ?? p.containerPort!, protocol };
      }),
  }));
  const networkMode = td.networkMode === 'host' || td.networkMode === 'none' ? td.networkMode : 'bridge';
  return {
    taskArn: task.taskArn,
    taskId: task.taskId,
    clusterName: task.clusterName,
    family: task.family,
    revision: task.revision,
    containers,
    volumes: td.volumes,
    ...(td.cpu ? { taskCpu: parseTaskCpu(td.cpu) } : {}),
    ...(td.memory ? { taskMemory: parseTaskMemory(td.memory) } : {}),
    networkMode,
  };
}
