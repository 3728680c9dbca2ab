import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { clientError } from './errors.js';

/**
 * ECS's RegisterTaskDefinition rules beyond the model's shapes. ECS answers
 * these with ClientException and a message naming the container; so do we.
 */
export const NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;
/** Docker refuses containers below 6 MiB; ECS rejects such definitions up front. */
export const MIN_CONTAINER_MEMORY_MIB = 6;
const DEPENDS_ON_CONDITIONS = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];

export function checkTaskDefinition(input: RegisterTaskDefinitionRequest): void {
  if (!NAME_RE.test(input.family!)) {
    throw clientError(
      'Family contains invalid characters: up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.',
    );
  }
  const containers = input.containerDefinitions ?? [];
  if (containers.length === 0) throw clientError('Container list cannot be empty.');
  const names = new Set<string>();
  for (const c of containers) {
    if (!c.name || !NAME_RE.test(c.name)) {
      throw clientError(
        `Container name "${c.name ?? ''}" is invalid: up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`,
      );
    }
    if (names.has(c.name))
      throw clientError(`Container names must be unique within a task definition: "${c.name}" appears more than once.`);
    names.add(c.name);
  }
  if (!containers.some((c) => c.essential !== false)) throw clientError('Task definition must have at least one essential container.');
  const networkMode = input.networkMode ?? 'bridge';
  const taskMemory = input.memory !== undefined ? parseTaskMemory(input.memory) : undefined;
  if (input.cpu !== undefined) parseTaskCpu(input.cpu);
  for (const c of containers) checkContainer(c, names, networkMode, taskMemory, containers);
  checkHostPortsUnique(containers);
  if (input.requiresCompatibilities?.includes('FARGATE')) {
    if (networkMode !== 'awsvpc') throw clientError("Fargate only supports network mode 'awsvpc'.");
    if (input.cpu === undefined || input.memory === undefined) {
      throw clientError('Fargate requires task definition to have task-level cpu and memory.');
    }
  }
  for (const pc of input.placementConstraints ?? []) {
    if (pc.type !== 'memberOf') throw clientError('Task definition placement constraints can only be of type memberOf.');
    if (!pc.expression) throw clientError('A memberOf placement constraint requires an expression.');
  }
  const volumeNames = new Set((input.volumes ?? []).map((v) => v.name));
  for (const c of containers) {
    for (const m of c.mountPoints ?? []) {
      if (m.sourceVolume && !volumeNames.has(m.sourceVolume)) {
        throw clientError(`Invalid 'mountPoints' setting for container '${c.name}': unknown volume '${m.sourceVolume}'.`);
      }
    }
  }
}

function checkContainer(
  c: ContainerDefinition,
  names: Set<string>,
  networkMode: string,
  taskMemory: number | undefined,
  all: readonly ContainerDefinition[],
): void {
  const where = `Invalid setting for container '${c.name}'.`;
  if (!c.image) throw clientError(`Container.image should not be null or empty.`);
  if (c.memory === undefined && c.memoryReservation === undefined && taskMemory === undefined) {
    throw clientError(`${where} At least one of 'memory' or 'memoryReservation' must be specified.`);
  }
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memory <= c.memoryReservation) {
    throw clientError(`${where} 'memory' must be greater than 'memoryReservation'.`);
  }
  for (const [field, v] of [
    ['memory', c.memory],
    ['memoryReservation', c.memoryReservation],
  ] as const) {
    if (v !== undefined && v < MIN_CONTAINER_MEMORY_MIB) {
      throw clientError(`${where} '${field}' must be at least ${MIN_CONTAINER_MEMORY_MIB} MiB.`);
    }
  }
  if (c.cpu !== undefined && c.cpu < 0) throw clientError(`${where} 'cpu' must not be negative.`);
  for (const p of c.portMappings ?? []) {
    if (p.containerPort === undefined && !p.containerPortRange) throw clientError(`${where} Port mappings require a containerPort.`);
    for (const port of [p.containerPort, p.hostPort]) {
      if (port !== undefined && (port < 0 || port > 65535)) throw clientError(`${where} Port ${port} is out of range 0-65535.`);
    }
    if ((networkMode === 'awsvpc' || networkMode === 'host') && p.hostPort !== undefined && p.hostPort !== p.containerPort) {
      throw clientError(`${where} When networkMode=${networkMode}, containerPort and hostPort must be the same value.`);
    }
  }
  if (c.links?.length) {
    if (networkMode !== 'bridge') throw clientError(`${where} Links are only supported when networkMode=bridge.`);
    for (const link of c.links) {
      const target = link.split(':')[0];
      if (!names.has(target) || target === c.name)
        throw clientError(`${where} Link '${link}' does not name another container in this task definition.`);
    }
  }
  for (const d of c.dependsOn ?? []) {
    if (!d.containerName || !names.has(d.containerName) || d.containerName === c.name) {
      throw clientError(`${where} dependsOn names an unknown container '${d.containerName ?? ''}'.`);
    }
    if (!DEPENDS_ON_CONDITIONS.includes(d.condition ?? ''))
      throw clientError(`${where} dependsOn condition must be one of ${DEPENDS_ON_CONDITIONS.join(', ')}.`);
    if (d.condition === 'HEALTHY' && !all.find((o) => o.name === d.containerName)?.healthCheck) {
      throw clientError(`${where} dependsOn condition HEALTHY requires a healthCheck on container '${d.containerName}'.`);
    }
  }
  if (c.healthCheck && !c.healthCheck.command?.length) throw clientError(`${where} healthCheck.command must not be empty.`);
}

/** Two containers of one task cannot bind the same static host port and protocol. */
function checkHostPortsUnique(containers: readonly ContainerDefinition[]): void {
  const seen = new Set<string>();
  for (const c of containers) {
    for (const p of c.portMappings ?? []) {
      if (!p.hostPort) continue;
      const key = `${p.hostPort}/${p.protocol ?? 'tcp'}`;
      if (seen.has(key))
        throw clientError(`Invalid setting for container '${c.name}'. Host port ${key} is used more than once in this task definition.`);
      seen.add(key);
    }
  }
}

/** Task-level cpu: "256", "1 vCPU", "0.5 vcpu" → CPU units. */
export function parseTaskCpu(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value);
  if (!m) throw clientError(`Invalid 'cpu' setting for task: ${value}.`);
  const n = Number(m[1]) * (m[2] ? 1024 : 1);
  if (!Number.isInteger(n) || n < 128) throw clientError(`Invalid 'cpu' setting for task: ${value}. Minimum is 128 CPU units.`);
  return n;
}

/** Task-level memory: "512", "1 GB", "0.5gb" → MiB. */
export function parseTaskMemory(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb|mb|mib|gib)?\s*$/i.exec(value);
  if (!m) throw clientError(`Invalid 'memory' setting for task: ${value}.`);
  const n = Number(m[1]) * (m[2] && m[2].toLowerCase().startsWith('g') ? 1024 : 1);
  if (!Number.isInteger(n) || n < MIN_CONTAINER_MEMORY_MIB) throw clientError(`Invalid 'memory' setting for task: ${value}.`);
  return n;
}
