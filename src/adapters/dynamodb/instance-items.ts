import type { Attribute, Tag } from '@aws-sdk/client-ecs';
import { containerInstanceArn, type ArnContext } from '../../domain/arn.js';
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { Wire } from '../../domain/wire.js';
import { stripKeys, toArray, toSet } from './item-codec.js';
import { ALWAYS_RESERVED_PORTS } from '../../scheduler/placement/index.js';
import { keys, type Key } from './keys.js';

/**
 * The container instance item. Its reservation fields (remainingCpu,
 * remainingMemory, usedTcpPorts, usedUdpPorts, taskGroups, the task counts,
 * status, version) stay top-level attributes: reservations and releases are
 * conditional, commutative updates of them (instance-delta.ts).
 *
 * The rest is stored compactly so that the item of a typical host stays
 * under 1 KB: every placement, task report and heartbeat rewrites it, and
 * DynamoDB bills a write by the larger of the old and new item per started
 * KB (twice inside a transaction). Left out only when equal to what
 * decodeInstance derives, so every record round-trips unchanged: the id
 * and cluster (in the key), the ARN (from the table's ARN context, the
 * cluster and the id), empty tags, empty versionInfo, the always-reserved
 * TCP ports and no reserved UDP port. Attributes are one string (encodeAttributes). Items
 * written before this encoding (full ARN, attribute and tag lists) still
 * decode.
 */
export function instanceItem(r: ContainerInstanceRecord, arn: ArnContext, version: number): Record<string, unknown> {
  const {
    id,
    clusterName,
    arn: own,
    attributes,
    versionInfo,
    tags,
    reservedTcpPorts,
    reservedUdpPorts,
    usedTcpPorts,
    usedUdpPorts,
    runningTasksCount,
    pendingTasksCount,
    listedTaskIds: _listed,
    startedTaskIds: _started,
    ...rest
  } = r;
  return {
    ...keys.containerInstance(clusterName, id),
    type: 'instance',
    ...rest,
    ...(own !== containerInstanceArn(arn, clusterName, id) ? { arn: own } : {}),
    ...storedField('reservedTcpPorts', storedReservedTcp(reservedTcpPorts)),
    ...storedField('reservedUdpPorts', storedReservedUdp(reservedUdpPorts)),
    ...storedField('attributes', storedAttributes(attributes)),
    ...storedField('versionInfo', storedVersionInfo(versionInfo)),
    ...storedField('tags', storedTags(tags)),
    usedTcpPorts: toSet(usedTcpPorts),
    usedUdpPorts: toSet(usedUdpPorts),
    tasksCount: runningTasksCount + pendingTasksCount,
    version,
  };
}

/** Host ports reserved at registration: left out when only the always-reserved ones (TCP) or none (UDP). */
export const storedReservedTcp = (ports: readonly number[]): number[] | undefined =>
  ports.length === ALWAYS_RESERVED_PORTS.length && ports.every((p, i) => p === ALWAYS_RESERVED_PORTS[i]) ? undefined : [...ports];
export const storedReservedUdp = (ports: readonly number[]): number[] | undefined => (ports.length ? [...ports] : undefined);

const storedField = (name: string, value: unknown) => (value === undefined ? {} : { [name]: value });

/**
 * The task counts as stored: `tasksCount`, the tasks the instance holds (placed, not STOPPED),
 * moves with every placement and every stop, in their transactions; `pendingTasks`, the ids of
 * tasks placed here, is added to at placement and struck from when the task stops or, once it
 * has started, by the instance's next heartbeat or the reconciler's pass. A task's RUNNING report writes the task item alone (no
 * transaction, no instance write), so the list may still name tasks that have started: every
 * task that has not started is in it, and readers look up the few it names
 * (instance-task-counts.ts). Items written before `tasksCount` existed carry the two old counters.
 */
export interface StoredTaskCounts {
  held: number;
  listedPending: string[];
}

export function storedTaskCounts(item: Record<string, unknown>): StoredTaskCounts {
  const legacy = Number(item.runningTasksCount ?? 0) + Number(item.pendingTasksCount ?? 0);
  const listed = item.pendingTasks as Set<string> | undefined;
  // The old counters are never written again: a stop of one of their tasks takes tasksCount below 0, and the sum stays exact.
  return { held: Number(item.tasksCount ?? 0) + legacy, listedPending: listed ? [...listed] : [] };
}

/** The record, with its task counts as the item lists them: every listed task counted as pending (settleTaskCounts). */
export function decodeInstance(item: Record<string, unknown>, arn: ArnContext): ContainerInstanceRecord {
  const { clusterName, id } = keys.containerInstanceOfKey(item as unknown as Key);
  const r = stripKeys<ContainerInstanceRecord & { version?: number; tasksCount?: number; pendingTasks?: unknown }>(item);
  delete r.version;
  delete r.tasksCount;
  delete r.pendingTasks;
  const counts = storedTaskCounts(item);
  return {
    ...r,
    runningTasksCount: counts.held - counts.listedPending.length,
    pendingTasksCount: counts.listedPending.length,
    ...(counts.listedPending.length ? { listedTaskIds: counts.listedPending } : {}),
    id,
    clusterName,
    arn: r.arn ?? containerInstanceArn(arn, clusterName, id),
    reservedTcpPorts: (item.reservedTcpPorts as number[] | undefined) ?? [...ALWAYS_RESERVED_PORTS],
    reservedUdpPorts: (item.reservedUdpPorts as number[] | undefined) ?? [],
    attributes: decodeAttributes(item.attributes),
    versionInfo: (item.versionInfo as Wire<ContainerInstanceRecord['versionInfo']>) ?? {},
    tags: decodeTags(item.tags),
    usedTcpPorts: toArray(item.usedTcpPorts),
    usedUdpPorts: toArray(item.usedUdpPorts),
    taskGroups: (item.taskGroups as Record<string, number>) ?? {},
  };
}

/** versionInfo without its empty members; undefined (attribute left out) when nothing is left. */
export function storedVersionInfo(v: ContainerInstanceRecord['versionInfo']): ContainerInstanceRecord['versionInfo'] | undefined {
  const kept = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
  return Object.keys(kept).length ? kept : undefined;
}

/** Tags as stored: left out when there are none. */
export const storedTags = (tags: readonly Tag[]): Tag[] | undefined => (tags.length ? [...tags] : undefined);
export const decodeTags = (raw: unknown): Tag[] => (raw as Tag[] | undefined) ?? [];

/*
 * Attributes as one string: `|` between attributes, `name=value` or a bare
 * name (ECS attribute names hold none of `|=!~^*`, values no `|`). The
 * namespaces of ECS capabilities are abbreviated (`!` for the logging
 * drivers', `~` for `com.amazonaws.ecs.capability.`, `^` for
 * `ecs.capability.`) and a run of
 * bare names counting up by one in their last part (the agent's Docker
 * Remote API versions, `docker-remote-api.1.17` … `.1.41`) is written as
 * `<first>*<last number>`. An agent's thirty-odd capabilities take some
 * 200 bytes instead of 2 KB.
 */
const ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['!', 'com.amazonaws.ecs.capability.logging-driver.'],
  ['~', 'com.amazonaws.ecs.capability.'],
  ['^', 'ecs.capability.'],
];
const NUMBERED = /^(.*\.)(0|[1-9]\d{0,8})$/;

function abbreviate(name: string): string {
  for (const [mark, prefix] of ABBREVIATIONS) if (name.startsWith(prefix)) return mark + name.slice(prefix.length);
  return name;
}

function expand(name: string): string {
  for (const [mark, prefix] of ABBREVIATIONS) if (name.startsWith(mark)) return prefix + name.slice(mark.length);
  return name;
}

export function encodeAttributes(attributes: readonly Wire<Attribute>[]): string {
  const out: string[] = [];
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    if (a.value !== undefined) {
      out.push(`${abbreviate(a.name!)}=${a.value}`);
      continue;
    }
    const m = NUMBERED.exec(a.name!);
    let last = i;
    if (m) {
      const next = (j: number) => `${m[1]}${Number(m[2]) + (j - i)}`;
      while (last + 1 < attributes.length && attributes[last + 1]!.value === undefined && attributes[last + 1]!.name === next(last + 1))
        last++;
    }
    out.push(last > i ? `${abbreviate(a.name!)}*${Number(m![2]) + (last - i)}` : abbreviate(a.name!));
    i = last;
  }
  return out.join('|');
}

export function decodeAttributes(raw: unknown): Wire<Attribute>[] {
  // Items written before the compact form (or attributes it cannot hold) carry the list itself.
  if (raw === undefined) return [];
  if (typeof raw !== 'string') return raw as Wire<Attribute>[];
  const out: Wire<Attribute>[] = [];
  for (const entry of raw.split('|')) {
    const eq = entry.indexOf('=');
    if (eq >= 0) {
      out.push({ name: expand(entry.slice(0, eq)), value: entry.slice(eq + 1) });
      continue;
    }
    const star = entry.indexOf('*');
    const m = star < 0 ? null : NUMBERED.exec(expand(entry.slice(0, star)));
    if (!m) {
      out.push({ name: expand(entry) });
      continue;
    }
    for (let n = Number(m[2]); n <= Number(entry.slice(star + 1)); n++) out.push({ name: `${m[1]}${n}` });
  }
  return out;
}

/**
 * Attributes as stored: the compact string when it gives exactly these
 * attributes back, else the list itself; left out when there are none.
 */
export function storedAttributes(attributes: readonly Wire<Attribute>[]): string | Wire<Attribute>[] | undefined {
  if (!attributes.length) return undefined;
  const compact = encodeAttributes(attributes);
  const back = decodeAttributes(compact);
  const same =
    back.length === attributes.length &&
    back.every((b, i) => {
      const a = attributes[i]!;
      return (
        b.name === a.name && b.value === a.value && Object.keys(a).every((k) => k === 'name' || (k === 'value' && a.value !== undefined))
      );
    });
  return same ? compact : attributes.map((a) => ({ ...a }));
}
