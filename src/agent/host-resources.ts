/**
 * What a host offers and says about itself when it registers: CPU and memory
 * from the machine's facts (or the operator's overrides) and the attributes
 * placement constraints and strategies read. Pure: the facts come in, so every
 * rule is unit-tested without the machine it runs on.
 */
import { availableParallelism, arch, totalmem } from 'node:os';
import { AGENT_VERSION_ATTRIBUTE, DRIVER_ATTRIBUTE, DYNAMIC_PORTS_ATTRIBUTE } from '../protocol/index.js';
import type { HostResources } from './control-loop/ecs-registration.js';

/** CPU units per core, as ECS counts them. */
export const CPU_UNITS_PER_CORE = 1024;
/** MiB kept back for the OS, Docker Engine and the agent itself. */
export const DEFAULT_MEMORY_RESERVE_MIB = 256;
const MIB = 1024 * 1024;

export interface HostFacts {
  cores: number;
  totalMemoryBytes: number;
  /** Node's process.arch (x64, arm64, …). */
  arch: string;
}

export function readHostFacts(): HostFacts {
  return { cores: availableParallelism(), totalMemoryBytes: totalmem(), arch: arch() };
}

export interface ResourceOverrides {
  cpu?: number;
  memory?: number;
  memoryReserveMib?: number;
}

/** Throws when the reserve leaves no memory to offer: registering 0 MiB would only produce unplaceable tasks. */
export function hostResources(facts: HostFacts, o: ResourceOverrides = {}): HostResources {
  const cpu = o.cpu ?? facts.cores * CPU_UNITS_PER_CORE;
  const reserve = o.memoryReserveMib ?? DEFAULT_MEMORY_RESERVE_MIB;
  const memory = o.memory ?? Math.floor(facts.totalMemoryBytes / MIB) - reserve;
  if (memory < 1) {
    throw new RangeError(
      `${Math.floor(facts.totalMemoryBytes / MIB)} MiB of memory minus a ${reserve} MiB reserve leaves nothing for tasks: lower --memory-reserve-mib or set --memory`,
    );
  }
  return { cpu, memory };
}

/** ECS's ecs.cpu-architecture values; other architectures are named as Node names them. */
export function cpuArchitecture(nodeArch: string): string {
  if (nodeArch === 'x64') return 'x86_64';
  return nodeArch;
}

export interface AttributeOptions {
  zone: string;
  instanceType: string;
  driver: string;
  agentVersion: string;
  /** `MIN-MAX`: this instance's slice of the dynamic host port range (hosts shared by several instances). */
  dynamicPorts?: string;
  /** The operator's own attributes (outside RESERVED_ATTRIBUTE_PREFIXES). */
  custom?: Record<string, string>;
}

export function hostAttributes(facts: HostFacts, o: AttributeOptions): Record<string, string> {
  return {
    ...o.custom,
    'ecs.availability-zone': o.zone,
    'ecs.instance-type': o.instanceType,
    'ecs.os-type': 'linux',
    'ecs.cpu-architecture': cpuArchitecture(facts.arch),
    [AGENT_VERSION_ATTRIBUTE]: o.agentVersion,
    [DRIVER_ATTRIBUTE]: o.driver,
    ...(o.dynamicPorts ? { [DYNAMIC_PORTS_ATTRIBUTE]: o.dynamicPorts } : {}),
  };
}

/** Namespaces of the attributes above (ECS's and Berth's own): an operator's attribute must not pose as one of them. */
export const RESERVED_ATTRIBUTE_PREFIXES = ['ecs.', 'berth.'] as const;
