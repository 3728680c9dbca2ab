/**
 * The ECS API's RegisterContainerInstance request, as a host agent makes it
 * (AWS JSON 1.1; the control plane validates it against the ECS model). The
 * Berth poll itself is defined in src/protocol.
 */

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
