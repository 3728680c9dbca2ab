import type { TaskRecord } from '../../../src/domain/task.js';
import { RULES } from '../catalog.js';
import type { Invariant } from './invariant.js';
import { short } from './invariant.js';

/**
 * The placement rules of the catalog, as facts about the tasks holding
 * resources on each instance (a task's group leaves its instance when the
 * task is STOPPING, as the engine sees it): distinctInstance groups never
 * twice on one instance, mutually exclusive groups (memberOf not(task:group
 * == …) both ways) never together, attribute-constrained tasks only where
 * the attribute holds.
 */
export const placementRules = (): Invariant => ({
  name: 'placement-rules',
  holds: 'no placement rule (distinctInstance, memberOf on task:group, memberOf on an attribute) is ever violated',
  check({ after }) {
    const out: string[] = [];
    const holding = [...after.tasks.values()].map((v) => v.task).filter((t) => t.lastStatus !== 'STOPPED' && t.reservation?.computeHeld);
    const byInstance = new Map<string, TaskRecord[]>();
    for (const t of holding) byInstance.set(t.containerInstanceId!, [...(byInstance.get(t.containerInstanceId!) ?? []), t]);
    for (const [instanceId, tasks] of byInstance) {
      const groups = new Map<string, string[]>();
      for (const t of tasks) groups.set(t.group, [...(groups.get(t.group) ?? []), short(t.taskId)]);
      for (const g of RULES.distinctGroups) {
        if ((groups.get(g)?.length ?? 0) > 1)
          out.push(`distinctInstance: group ${g} twice on instance ${short(instanceId)}: ${groups.get(g)!.join(', ')}`);
      }
      for (const [a, b] of RULES.exclusiveGroups) {
        if (groups.has(a) && groups.has(b))
          out.push(
            `memberOf: ${a} (${groups.get(a)!.join(', ')}) and ${b} (${groups.get(b)!.join(', ')}) share instance ${short(instanceId)}`,
          );
      }
      const instance = after.instances.get(instanceId);
      const large = instance?.attributes.some((x) => x.name === 'size' && x.value === 'large');
      for (const t of tasks) {
        if (RULES.largeOnlyFamilies.has(t.family) && !large)
          out.push(`memberOf attribute:size == large: task ${short(t.taskId)} on ${short(instanceId)}`);
      }
    }
    return out;
  },
});
