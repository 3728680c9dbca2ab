/**
 * What a placement read from its instance that other placements change while
 * it is being decided: task groups (distinctInstance, `task:group` in
 * memberOf) and the running-task count (`runningTasksCount` in memberOf).
 * The engine reports it per instance; the commit re-checks it (see
 * domain/placement-assumption.ts). Room (CPU, memory, ports) and status are
 * re-checked by the commit for every placement and are not listed here.
 */
import type { PlacementAssumption, PlacementAssumptions } from '../../domain/placement-assumption.js';
import type { CqlExpression } from './cql/ast.js';
import { parseCql } from './cql/parser.js';
import { compileCqlPattern } from './cql/values.js';
import type { Placement, PlacementInstance, PlacementRequest } from './types.js';

/** The mutable instance facts a request's rules look at. */
export interface MutableReads {
  /** Groups named by the rules (distinctInstance reads the request's own group). */
  groups: ReadonlySet<string>;
  /** Rules that look at every group whose name matches (`task:group =~ p`); '*' for every group at all. */
  groupPatterns: readonly RegExp[];
  runningTasksCount: boolean;
}

const ANY_GROUP = /^/;

export function mutableReads(req: Pick<PlacementRequest, 'group' | 'constraints'>): MutableReads {
  const groups = new Set<string>();
  const groupPatterns: RegExp[] = [];
  let runningTasksCount = false;
  const visit = (node: CqlExpression): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        visit(node.left);
        visit(node.right);
        return;
      case 'not':
        visit(node.operand);
        return;
      case 'compare':
        if (node.subject.kind === 'runningTasksCount') runningTasksCount = true;
        if (node.subject.kind !== 'taskGroup') return;
        if (['equals', 'not_equals', 'in', 'not_in'].includes(node.operator)) for (const v of node.values) groups.add(v.text);
        else if (node.operator === 'matches' || node.operator === 'not_matches')
          groupPatterns.push(compileCqlPattern(node.values[0]!.text));
        else groupPatterns.push(ANY_GROUP);
    }
  };
  for (const c of req.constraints) {
    if (c.type === 'distinctInstance') groups.add(req.group);
    else if (c.expression) visit(parseCql(c.expression));
  }
  return { groups, groupPatterns, runningTasksCount };
}

const present = (groups: Readonly<Record<string, number>>, g: string) => Object.hasOwn(groups, g) && groups[g]! > 0;

/** For each instance that received a placement: what the decision assumed about it, as it was before the call. */
export function placementAssumptions(
  reads: MutableReads,
  instances: readonly PlacementInstance[],
  placements: readonly Placement[],
): PlacementAssumptions {
  const out: PlacementAssumptions = {};
  if (!reads.groups.size && !reads.groupPatterns.length && !reads.runningTasksCount) return out;
  const used = new Set(placements.map((p) => p.instanceId));
  for (const instance of instances) {
    if (!used.has(instance.id)) continue;
    const assumption: PlacementAssumption = {};
    const groups: Record<string, boolean> = {};
    for (const g of reads.groups) groups[g] = present(instance.taskGroups, g);
    if (reads.groupPatterns.length) {
      // A group may appear that matches a pattern: the number of groups and of prunings says whether one did.
      for (const g of Object.keys(instance.taskGroups))
        if (reads.groupPatterns.some((p) => p.test(g))) groups[g] = present(instance.taskGroups, g);
      assumption.groupKeys = Object.keys(instance.taskGroups).length;
      assumption.groupsPruned = instance.taskGroupsPruned ?? 0;
    }
    if (Object.keys(groups).length) assumption.groups = groups;
    if (reads.runningTasksCount) assumption.runningTasksCount = instance.runningTasksCount;
    out[instance.id] = assumption;
  }
  return out;
}
