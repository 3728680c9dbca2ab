import type { ContainerInstance, Resource } from '@aws-sdk/client-ecs';
import { agentConnected, type ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { Wire } from '../../domain/wire.js';
import type { PlacementInstance } from '../../scheduler/placement/index.js';
import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN, DYNAMIC_PORTS_ATTRIBUTE, parsePortSlice } from '../../protocol/index.js';
import { ALWAYS_RESERVED_PORTS } from '../../scheduler/placement/index.js';

const ports = (list: readonly number[]) => [...new Set(list)].sort((a, b) => a - b).map(String);
const resources = (cpu: number, memory: number, tcp: number[], udp: number[]): Resource[] => [
  { name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: cpu },
  { name: 'MEMORY', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: memory },
  { name: 'PORTS', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: ports(tcp) },
  { name: 'PORTS_UDP', type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: ports(udp) },
];

/** The ECS ContainerInstance shape: registered vs remaining resources, connectivity as of `now`. */
export function instanceView(
  r: ContainerInstanceRecord,
  now: number,
  timeoutMs: number,
  include: readonly string[] = [],
): Wire<ContainerInstance> {
  return {
    containerInstanceArn: r.arn,
    ...(r.ec2InstanceId ? { ec2InstanceId: r.ec2InstanceId } : {}),
    ...(r.capacityProviderName ? { capacityProviderName: r.capacityProviderName } : {}),
    version: 1,
    versionInfo: r.versionInfo,
    remainingResources: resources(
      r.remainingCpu,
      r.remainingMemory,
      [...r.reservedTcpPorts, ...r.usedTcpPorts],
      [...r.reservedUdpPorts, ...r.usedUdpPorts],
    ),
    registeredResources: resources(r.registeredCpu, r.registeredMemory, r.reservedTcpPorts, r.reservedUdpPorts),
    status: r.status,
    ...(r.statusReason ? { statusReason: r.statusReason } : {}),
    agentConnected: agentConnected(r, now, timeoutMs),
    runningTasksCount: r.runningTasksCount,
    pendingTasksCount: r.pendingTasksCount,
    attributes: r.attributes,
    registeredAt: r.registeredAt / 1000,
    attachments: [],
    ...(include.includes('TAGS') ? { tags: r.tags } : {}),
  };
}

/**
 * An instance with a slice of the dynamic port range (DYNAMIC_PORTS_ATTRIBUTE:
 * several instances share one host) has the rest of the range reserved, so
 * two of them are never handed the same host port.
 */
const outsideSlice = new Map<string, number[]>();
function portsOutsideSlice(attribute: string | undefined): number[] {
  const slice = attribute === undefined ? undefined : parsePortSlice(attribute);
  if (!slice) return [];
  let ports = outsideSlice.get(attribute!);
  if (!ports) {
    ports = [];
    for (let p = DYNAMIC_PORT_MIN; p <= DYNAMIC_PORT_MAX; p++) if (p < slice.min || p > slice.max) ports.push(p);
    outsideSlice.set(attribute!, ports);
  }
  return ports;
}

/** The placement engine's view of an instance (reserved ports beyond the always-reserved ones). */
export function placementInstance(r: ContainerInstanceRecord, now: number, timeoutMs: number): PlacementInstance {
  const always = new Set<number>(ALWAYS_RESERVED_PORTS);
  const sliceReserved = portsOutsideSlice(r.attributes.find((a) => a.name === DYNAMIC_PORTS_ATTRIBUTE)?.value);
  return {
    id: r.id,
    arn: r.arn,
    ec2InstanceId: r.ec2InstanceId,
    status: r.status === 'INACTIVE' ? 'INACTIVE' : r.status,
    agentConnected: agentConnected(r, now, timeoutMs),
    agentVersion: r.versionInfo.agentVersion,
    registeredAt: r.registeredAt,
    attributes: Object.fromEntries(r.attributes.map((a) => [a.name!, a.value ?? null])),
    remainingCpu: r.remainingCpu,
    remainingMemory: r.remainingMemory,
    usedTcpPorts: r.usedTcpPorts,
    usedUdpPorts: r.usedUdpPorts,
    reservedTcpPorts: [...r.reservedTcpPorts.filter((p) => !always.has(p)), ...sliceReserved],
    reservedUdpPorts: [...r.reservedUdpPorts.filter((p) => !always.has(p)), ...sliceReserved],
    // ECS counts a task in runningTasksCount by its desired status (RUNNING), so from its placement: a rule such
    // as `runningTasksCount == 0` means an empty instance, and stays true to what the instance item counts (tasksCount).
    runningTasksCount: r.runningTasksCount + r.pendingTasksCount,
    pendingTasksCount: r.pendingTasksCount,
    taskGroups: r.taskGroups,
    ...(r.taskGroupsPruned ? { taskGroupsPruned: r.taskGroupsPruned } : {}),
    ...(r.capacityProviderName ? { capacityProviderName: r.capacityProviderName } : {}),
  };
}
