/**
 * Wire types of the Berth agent protocol (docs/agent-protocol.md): the ECS
 * calls a host agent makes and the `/agent/v1/poll` exchange.
 */
import type { StopCode, TaskReport, TaskSpec, TaskUsage } from '../runtime/types.js';

export interface EcsAttribute {
  name: string;
  value?: string;
}

export interface EcsResource {
  name: string;
  type: 'INTEGER' | 'STRINGSET';
  integerValue?: number;
  stringSetValue?: string[];
}

export interface VersionInfo {
  agentVersion?: string;
  agentHash?: string;
  dockerVersion?: string;
}

export interface RegisterRequest {
  cluster: string;
  totalResources: EcsResource[];
  attributes: EcsAttribute[];
  versionInfo: VersionInfo;
  /** Set when re-registering the same host after an agent restart. */
  containerInstanceArn?: string;
  /** EC2's instance identity document (JSON with `instanceId`): how the control plane matches the instance to its Auto Scaling group. */
  instanceIdentityDocument?: string;
}

/** What a host offers: CPU units (1024 per vCPU), memory MiB and host ports nobody may map. */
export interface HostResources {
  cpu: number;
  memory: number;
  reservedPorts?: number[];
  reservedUdpPorts?: number[];
}

/** ECS reserves these by default: SSH, the Docker daemon and the ECS agent's introspection ports. */
export const DEFAULT_RESERVED_PORTS = [22, 2375, 2376, 51678, 51679];

export function toEcsResources(r: HostResources): EcsResource[] {
  return [
    { name: 'CPU', type: 'INTEGER', integerValue: r.cpu },
    { name: 'MEMORY', type: 'INTEGER', integerValue: r.memory },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: (r.reservedPorts ?? DEFAULT_RESERVED_PORTS).map(String) },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: (r.reservedUdpPorts ?? []).map(String) },
  ];
}

export interface PollRequest {
  cluster: string;
  containerInstanceArn: string;
  reports: TaskReport[];
  /** True when `reports` lists every task on the host (the first poll after an agent start). */
  full: boolean;
  usage?: TaskUsage[];
}

export type DesiredStatus = 'RUNNING' | 'STOPPED';

export interface AssignedTask {
  taskArn: string;
  desiredStatus: DesiredStatus;
  /** Present with desired RUNNING: containers with resolved host ports. */
  spec?: TaskSpec;
  stopReason?: string;
  stopCode?: StopCode;
}

export interface PollResponse {
  pollIntervalMs?: number;
  tasks: AssignedTask[];
  acknowledged: string[];
  unknown: string[];
}

/** Tolerates omitted lists; rejects a body that is not a poll answer at all. */
export function parsePollResponse(body: unknown): PollResponse {
  if (typeof body !== 'object' || body === null) throw new TypeError('poll response is not a JSON object');
  const b = body as Record<string, unknown>;
  const list = <T>(v: unknown, name: string): T[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new TypeError(`poll response field ${name} is not a list`);
    return v as T[];
  };
  const tasks = list<AssignedTask>(b.tasks, 'tasks');
  for (const t of tasks) {
    if (typeof t?.taskArn !== 'string' || (t.desiredStatus !== 'RUNNING' && t.desiredStatus !== 'STOPPED')) {
      throw new TypeError(`poll response has a malformed task: ${JSON.stringify(t)}`);
    }
  }
  return {
    pollIntervalMs: typeof b.pollIntervalMs === 'number' && b.pollIntervalMs > 0 ? b.pollIntervalMs : undefined,
    tasks,
    acknowledged: list<string>(b.acknowledged, 'acknowledged'),
    unknown: list<string>(b.unknown, 'unknown'),
  };
}
