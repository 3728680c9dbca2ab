import type { ContainerDefinition, PortMapping, RegisterTaskDefinitionRequest, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { requiresAttributesOf } from './task-definition-requirements.js';
import { parseTaskCpu, parseTaskMemory } from './task-definition-rules.js';
import type { Wire } from './wire.js';

export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';

/** Stored as the ECS TaskDefinition shape (timestamps in epoch seconds) plus its tags. */
export interface TaskDefinitionRecord extends Wire<TaskDefinition> {
  family: string;
  revision: number;
  taskDefinitionArn: string;
  status: TaskDefinitionStatus;
  containerDefinitions: ContainerDefinition[];
  tags: Tag[];
}

/** `family`, `family:revision` or an ARN → parts; revision undefined = latest ACTIVE. */
export interface TaskDefinitionRef {
  family: string;
  revision?: number;
}

/**
 * The definition as ECS returns it: the request's members kept verbatim, with
 * the defaults ECS fills in (essential, cpu 0, empty lists, tcp protocol).
 */
export function buildTaskDefinition(
  input: RegisterTaskDefinitionRequest,
  revision: number,
  arn: string,
  registeredAt: number,
  registeredBy: string,
): TaskDefinitionRecord {
  const { tags, containerDefinitions, ...rest } = input;
  const networkMode = input.networkMode ?? 'bridge';
  const containers = containerDefinitions!.map((c) => normalizeContainer(c, networkMode));
  return {
    ...rest,
    family: input.family!,
    taskDefinitionArn: arn,
    revision,
    status: 'ACTIVE',
    containerDefinitions: containers,
    requiresAttributes: requiresAttributesOf(containers),
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
    compatibilities: compatibilitiesOf(input),
    requiresCompatibilities: input.requiresCompatibilities,
    registeredAt: registeredAt / 1000,
    registeredBy,
    tags: tags ?? [],
  } as TaskDefinitionRecord;
}

function normalizeContainer(c: ContainerDefinition, networkMode: string): ContainerDefinition {
  return {
    ...c,
    cpu: c.cpu ?? 0,
    essential: c.essential ?? true,
    portMappings: (c.portMappings ?? []).map((p) => normalizePort(p, networkMode)),
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
  };
}

/** awsvpc and host modes bind the container port itself; bridge keeps hostPort as given (absent/0 = dynamic). */
function normalizePort(p: PortMapping, networkMode: string): PortMapping {
  const hostPort = networkMode === 'awsvpc' || networkMode === 'host' ? (p.hostPort ?? p.containerPort) : p.hostPort;
  return { ...p, ...(hostPort !== undefined ? { hostPort } : {}), protocol: p.protocol ?? 'tcp' };
}

/** Launch types a definition can run on; Berth runs EC2/EXTERNAL semantics on its instances. */
function compatibilitiesOf(input: RegisterTaskDefinitionRequest): string[] {
  const out = input.networkMode === 'awsvpc' ? ['EC2'] : ['EXTERNAL', 'EC2'];
  if (input.networkMode === 'awsvpc' && input.cpu !== undefined && input.memory !== undefined) out.push('FARGATE');
  return out;
}

/**
 * What a task of this definition subtracts from an instance: task-level cpu /
 * memory when given, else the containers' sum, where a container's
 * memoryReservation (soft) counts instead of its memory (hard) when set.
 */
export function taskResources(td: TaskDefinition): { cpu: number; memory: number } {
  const containers = td.containerDefinitions ?? [];
  const cpu = td.cpu !== undefined ? parseTaskCpu(td.cpu) : containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const memory =
    td.memory !== undefined ? parseTaskMemory(td.memory) : containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
  return { cpu, memory };
}

/** The definition as returned by Describe/Register: tags are a separate member there. */
export function taskDefinitionView(record: TaskDefinitionRecord): Wire<TaskDefinition> {
  const { tags: _tags, ...view } = record;
  return { ...view, requiresAttributes: requiresAttributes(record) };
}

/** What the definition requires of an instance; a definition stored before Berth kept them gets them computed. */
export function requiresAttributes(td: Pick<TaskDefinitionRecord, 'requiresAttributes' | 'containerDefinitions'>) {
  return td.requiresAttributes ?? requiresAttributesOf(td.containerDefinitions);
}
