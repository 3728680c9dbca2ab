import { invalidParameter } from './errors.js';
import { requiresAttributes, type TaskDefinitionRecord } from './task-definition.js';

/**
 * What a registered task definition asks of the host that runs it. A task
 * definition is a document (ECS registers a Fargate one anywhere), so these
 * are checked where a task is to run: RunTask, StartTask, CreateService and
 * UpdateService refuse what no Berth host can do.
 */
export function checkRunnable(
  td: Pick<TaskDefinitionRecord, 'networkMode' | 'requiresCompatibilities' | 'runtimePlatform' | 'taskDefinitionArn'>,
): void {
  if (td.networkMode === 'awsvpc') {
    throw invalidParameter(`Berth does not support networkMode awsvpc (${td.taskDefinitionArn}): tasks run in bridge, host or none mode.`);
  }
  const compat = td.requiresCompatibilities ?? [];
  if (compat.length > 0 && !compat.some((c) => c === 'EC2' || c === 'EXTERNAL')) {
    throw invalidParameter(
      `Task definition ${td.taskDefinitionArn} requires ${compat.join(', ')}: Berth runs tasks on container instances (EC2 or EXTERNAL).`,
    );
  }
  const os = td.runtimePlatform?.operatingSystemFamily;
  if (os !== undefined && os !== 'LINUX')
    throw invalidParameter(`Berth runs Linux containers only; ${td.taskDefinitionArn} asks for ${os}.`);
}

/** ECS's ecs.cpu-architecture values for runtimePlatform.cpuArchitecture. */
const ARCHITECTURES: Readonly<Record<string, string>> = { X86_64: 'x86_64', ARM64: 'arm64' };

/**
 * The instance attributes placement requires for the task definition: its
 * `requiresAttributes` (capabilities its containers need) and
 * runtimePlatform.cpuArchitecture as ecs.cpu-architecture.
 */
export function requiredAttributes(
  td: Pick<TaskDefinitionRecord, 'runtimePlatform' | 'requiresAttributes' | 'containerDefinitions'>,
): { name: string; value?: string }[] {
  const out: { name: string; value?: string }[] = requiresAttributes(td).map((a) => ({
    name: a.name!,
    ...(a.value !== undefined ? { value: a.value } : {}),
  }));
  const arch = td.runtimePlatform?.cpuArchitecture;
  if (arch) out.push({ name: 'ecs.cpu-architecture', value: ARCHITECTURES[arch] ?? arch.toLowerCase() });
  return out;
}
