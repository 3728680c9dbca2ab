import type { PlacementDemand } from '../placement-demand.js';
import { agentConnectedFilter } from './agent-connected.js';
import { cpuFilter } from './cpu.js';
import { distinctInstanceFilter } from './distinct-instance.js';
import type { FilterCheck, PlacementFilter } from './filter.js';
import { instanceStatusFilter } from './instance-status.js';
import { memberOfFilter } from './member-of.js';
import { memoryFilter } from './memory.js';
import { portsFilter } from './ports.js';
import { requiredAttributesFilter } from './required-attributes.js';

/**
 * ECS order: usable instances, then the task's resources (CPU, memory, ports,
 * required attributes), then placement constraints. The order matters beyond
 * speed: the "closest matching" instance is the one that got furthest.
 */
export const FILTERS: readonly PlacementFilter[] = [
  instanceStatusFilter,
  agentConnectedFilter,
  cpuFilter,
  memoryFilter,
  portsFilter,
  requiredAttributesFilter,
  distinctInstanceFilter,
  memberOfFilter,
];

/** The checks this request needs, in pipeline order. */
export function buildChecks(task: PlacementDemand): FilterCheck[] {
  const checks: FilterCheck[] = [];
  for (const filter of FILTERS) {
    const check = filter.build(task);
    if (check) checks.push(check);
  }
  return checks;
}
