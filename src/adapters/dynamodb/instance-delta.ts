import type { PlacementAssumption } from '../../domain/placement-assumption.js';
import { keys } from './keys.js';
import { toSet } from './item-codec.js';

/**
 * A change to one instance's bookkeeping, from placing or transitioning
 * tasks. Deltas add up, so one transaction touches each instance once.
 */
export interface InstanceDelta {
  cluster: string;
  instanceId: string;
  /** Negative when reserving. */
  cpu: number;
  memory: number;
  addTcp: number[];
  addUdp: number[];
  removeTcp: number[];
  removeUdp: number[];
  /** Tasks held (placed, not yet STOPPED): +1 at placement, −1 when the task stops. */
  tasks: number;
  /** Tasks placed here that have not started: listed at placement, struck when they stop (see instance-task-counts.ts). */
  addPending: string[];
  removePending: string[];
  groups: Record<string, number>;
  /** Reservations must find the instance ACTIVE with enough left and the ports free. */
  reserving: boolean;
  /** What the placements assumed about the instance's groups and counts (placement rules): re-checked. */
  assume?: PlacementAssumption;
}

export const emptyDelta = (cluster: string, instanceId: string, reserving = false): InstanceDelta => ({
  cluster,
  instanceId,
  cpu: 0,
  memory: 0,
  addTcp: [],
  addUdp: [],
  removeTcp: [],
  removeUdp: [],
  tasks: 0,
  addPending: [],
  removePending: [],
  groups: {},
  reserving,
});

export function mergeDelta(into: InstanceDelta, d: InstanceDelta): InstanceDelta {
  into.cpu += d.cpu;
  into.memory += d.memory;
  into.addTcp.push(...d.addTcp);
  into.addUdp.push(...d.addUdp);
  into.removeTcp.push(...d.removeTcp);
  into.removeUdp.push(...d.removeUdp);
  into.tasks += d.tasks;
  into.addPending.push(...d.addPending);
  into.removePending.push(...d.removePending);
  for (const [g, n] of Object.entries(d.groups)) into.groups[g] = (into.groups[g] ?? 0) + n;
  into.reserving ||= d.reserving;
  if (d.assume) into.assume = { ...into.assume, ...d.assume, groups: { ...into.assume?.groups, ...d.assume.groups } };
  return into;
}

export const isEmptyDelta = (d: InstanceDelta) =>
  !d.cpu &&
  !d.memory &&
  !d.addTcp.length &&
  !d.addUdp.length &&
  !d.removeTcp.length &&
  !d.removeUdp.length &&
  !d.tasks &&
  !d.addPending.length &&
  !d.removePending.length &&
  Object.values(d.groups).every((n) => !n);

/**
 * The UpdateItem for a delta. Arithmetic and set ADD/DELETE commute, so
 * concurrent writers never need to read-modify-write an instance; a
 * reservation's condition states the invariant itself: enough CPU and memory
 * left, and none of its host ports in use.
 */
export function deltaUpdate(table: string, d: InstanceDelta) {
  const set: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions = ['attribute_exists(PK)'];
  const arith = (attr: string, value: number, token: string) => {
    if (!value) return;
    set.push(`${attr} = ${attr} + ${token}`);
    values[token] = value;
  };
  arith('remainingCpu', d.cpu, ':dcpu');
  arith('remainingMemory', d.memory, ':dmem');
  if (d.tasks) {
    // An item written before tasksCount existed starts it from 0 rather than failing the write.
    set.push('tasksCount = if_not_exists(tasksCount, :zero) + :dtasks');
    values[':dtasks'] = d.tasks;
    values[':zero'] = 0;
  }
  Object.entries(d.groups).forEach(([group, n], i) => {
    if (!n) return;
    names[`#g${i}`] = group;
    set.push(`taskGroups.#g${i} = if_not_exists(taskGroups.#g${i}, :zero) + :dg${i}`);
    values[`:dg${i}`] = n;
    values[':zero'] = 0;
  });
  const add: string[] = [];
  const del: string[] = [];
  const ports = (list: number[], attr: string, token: string, into: string[]) => {
    const s = toSet(list);
    if (!s) return;
    into.push(`${attr} ${token}`);
    values[token] = s;
  };
  ports(d.addTcp, 'usedTcpPorts', ':addTcp', add);
  ports(d.addUdp, 'usedUdpPorts', ':addUdp', add);
  ports(d.removeTcp, 'usedTcpPorts', ':rmTcp', del);
  ports(d.removeUdp, 'usedUdpPorts', ':rmUdp', del);
  // One expression may not name an attribute twice: a placement only lists, a stop only strikes.
  if (d.addPending.length && d.removePending.length) throw new Error('A delta both lists and strikes pending tasks.');
  const ids = (list: string[], token: string, into: string[]) => {
    if (!list.length) return;
    into.push(`pendingTasks ${token}`);
    values[token] = new Set(list);
  };
  ids(d.addPending, ':addPending', add);
  ids(d.removePending, ':rmPending', del);
  if (d.reserving) {
    names['#status'] = 'status';
    values[':active'] = 'ACTIVE';
    conditions.push('#status = :active');
    if (d.cpu < 0) {
      conditions.push('remainingCpu >= :needCpu');
      values[':needCpu'] = -d.cpu;
    }
    if (d.memory < 0) {
      conditions.push('remainingMemory >= :needMem');
      values[':needMem'] = -d.memory;
    }
    d.addTcp.forEach((p, i) => {
      conditions.push(`NOT contains(usedTcpPorts, :t${i})`);
      values[`:t${i}`] = p;
    });
    d.addUdp.forEach((p, i) => {
      conditions.push(`NOT contains(usedUdpPorts, :u${i})`);
      values[`:u${i}`] = p;
    });
  }
  if (d.assume) conditions.push(...assumptionConditions(d.assume, names, values));
  const expression = [
    set.length ? `SET ${set.join(', ')}` : '',
    add.length ? `ADD ${add.join(', ')}` : '',
    del.length ? `DELETE ${del.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    TableName: table,
    Key: keys.containerInstance(d.cluster, d.instanceId),
    UpdateExpression: expression,
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}

/**
 * A placement's assumptions as conditions on the instance item, evaluated on
 * the state before this transaction's own changes (which is what the
 * placement saw). A group with count 0 counts as absent, as in CQL.
 */
function assumptionConditions(a: PlacementAssumption, names: Record<string, string>, values: Record<string, unknown>): string[] {
  const conditions: string[] = [];
  Object.entries(a.groups ?? {}).forEach(([group, present], i) => {
    names[`#a${i}`] = group;
    values[':zero'] = 0;
    conditions.push(present ? `taskGroups.#a${i} > :zero` : `(attribute_not_exists(taskGroups.#a${i}) OR taskGroups.#a${i} <= :zero)`);
  });
  if (a.groupKeys !== undefined) {
    conditions.push('size(taskGroups) = :groupKeys');
    values[':groupKeys'] = a.groupKeys;
  }
  if (a.groupsPruned !== undefined) {
    // Never pruned: the attribute is absent (pruneTaskGroups writes it first).
    conditions.push(a.groupsPruned ? 'taskGroupsPruned = :groupsPruned' : 'attribute_not_exists(taskGroupsPruned)');
    if (a.groupsPruned) values[':groupsPruned'] = a.groupsPruned;
  }
  if (a.runningTasksCount !== undefined) {
    // The placement's runningTasksCount is the tasks the instance holds (placementInstance): tasksCount.
    conditions.push('tasksCount = :assumedRunning');
    values[':assumedRunning'] = a.runningTasksCount;
  }
  return conditions;
}
