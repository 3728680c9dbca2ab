/**
 * Threads one working copy of the cluster's instances through several
 * placement calls (services of one pass, RunTask): what a placement takes,
 * applied to a copy. The stored instance is changed only by the plan applier.
 */
import type { Placement, PlacementInstance, PlacementRequest } from '../placement/index.js';

export type ReserveRequest = Pick<PlacementRequest, 'cpu' | 'memory' | 'group'>;

/** A copy of `instance` holding one more task: cpu, memory, host ports, group count, pending count. */
export function reserve(instance: PlacementInstance, request: ReserveRequest, placement: Placement): PlacementInstance {
  if (placement.instanceId !== instance.id) {
    throw new Error(`Placement on ${placement.instanceId} cannot be reserved on instance ${instance.id}`);
  }
  const tcp = placement.ports.filter((p) => p.protocol === 'tcp').map((p) => p.hostPort);
  const udp = placement.ports.filter((p) => p.protocol === 'udp').map((p) => p.hostPort);
  return {
    ...instance,
    remainingCpu: instance.remainingCpu - request.cpu,
    remainingMemory: instance.remainingMemory - request.memory,
    usedTcpPorts: tcp.length > 0 ? [...instance.usedTcpPorts, ...tcp] : instance.usedTcpPorts,
    usedUdpPorts: udp.length > 0 ? [...instance.usedUdpPorts, ...udp] : instance.usedUdpPorts,
    pendingTasksCount: instance.pendingTasksCount + 1,
    taskGroups: { ...instance.taskGroups, [request.group]: (instance.taskGroups[request.group] ?? 0) + 1 },
  };
}

/** Reserves every placement on its instance; instances without one are returned as they are (same objects). */
export function reserveAll(
  instances: readonly PlacementInstance[],
  request: ReserveRequest,
  placements: readonly Placement[],
): PlacementInstance[] {
  if (placements.length === 0) return [...instances];
  const index = new Map(instances.map((instance, i) => [instance.id, i]));
  const out = [...instances];
  for (const placement of placements) {
    const i = index.get(placement.instanceId);
    if (i === undefined) throw new Error(`Placement on unknown instance ${placement.instanceId}`);
    out[i] = reserve(out[i]!, request, placement);
  }
  return out;
}
