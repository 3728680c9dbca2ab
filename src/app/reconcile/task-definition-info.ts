import { effectiveResources } from '../../domain/effective-definition.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import type { TaskDefinitionInfo } from '../../scheduler/reconcile/index.js';
import { portRequests } from '../tasks/placement-request.js';
import { requiredAttributes } from '../../domain/task-definition-runtime.js';

/** What the pure controller needs to know about a deployment's task definition. */
export function taskDefinitionInfo(td: TaskDefinitionRecord): TaskDefinitionInfo {
  const { cpu, memory } = effectiveResources(td, undefined);
  return {
    cpu,
    memory,
    ports: portRequests(td),
    placementConstraints: (td.placementConstraints ?? []).map((c) => ({ type: c.type as 'memberOf', expression: c.expression })),
    family: td.family,
    requiredAttributes: requiredAttributes(td),
  };
}
