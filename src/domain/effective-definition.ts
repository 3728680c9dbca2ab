import type { ContainerDefinition, TaskOverride } from '@aws-sdk/client-ecs';
import type { TaskDefinitionRecord } from './task-definition.js';
import { taskResources } from './task-definition.js';
import type { Wire } from './wire.js';

/**
 * A task definition's containers with a RunTask/StartTask override applied:
 * command, environment (merged by name), cpu and memory per container; task
 * level cpu/memory. This is what is reserved and what the agent runs.
 */
export function effectiveContainers(td: TaskDefinitionRecord, overrides: Wire<TaskOverride> | undefined): ContainerDefinition[] {
  return td.containerDefinitions.map((c) => {
    const o = overrides?.containerOverrides?.find((x) => x.name === c.name);
    if (!o) return c;
    const env = new Map((c.environment ?? []).map((e) => [e.name!, e.value]));
    for (const e of o.environment ?? []) env.set(e.name!, e.value);
    return {
      ...c,
      ...(o.command ? { command: o.command } : {}),
      environment: [...env].map(([name, value]) => ({ name, value })),
      ...(o.cpu !== undefined ? { cpu: o.cpu } : {}),
      ...(o.memory !== undefined ? { memory: o.memory } : {}),
      ...(o.memoryReservation !== undefined ? { memoryReservation: o.memoryReservation } : {}),
    };
  });
}

export function effectiveResources(td: TaskDefinitionRecord, overrides: Wire<TaskOverride> | undefined): { cpu: number; memory: number } {
  return taskResources({
    cpu: overrides?.cpu ?? td.cpu,
    memory: overrides?.memory ?? td.memory,
    containerDefinitions: effectiveContainers(td, overrides),
  });
}
