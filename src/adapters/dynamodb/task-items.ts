import { countBucket, statusRank, type ContainerRecord, type Reservation, type TaskRecord } from '../../domain/task.js';
import { holdsTargets } from '../../domain/task-targets.js';
import { emptyDelta, type InstanceDelta } from './instance-delta.js';
import { keys } from './keys.js';

/** STOPPED tasks stay describable at least this long, then TTL removes them. */
export const STOPPED_RETENTION_SECONDS = 3 * 3600;

/**
 * The item for a task in its current state. Index keys follow the status:
 * live tasks are in their instance's and cluster's live indexes; a STOPPED
 * task leaves them, moves to its service's history range and gets a TTL.
 * A STOPPED task whose load balancer targets are still registered (its host
 * was lost, or it exited) stays in its service's live range, without TTL,
 * until the reconciler has deregistered them.
 */
export function taskItem(task: TaskRecord, version: number): Record<string, unknown> {
  const stopped = task.lastStatus === 'STOPPED';
  const settled = stopped && !holdsTargets(task);
  const stoppedAtMs = settled ? Math.round((task.stoppedAt ?? task.createdAt) * 1000) : undefined;
  return {
    ...keys.task(task.clusterName, task.taskId),
    ...(!stopped && task.containerInstanceId ? keys.instanceTask(task.clusterName, task.containerInstanceId, task.taskId) : {}),
    ...(task.lastStatus === 'PROVISIONING' && !task.containerInstanceId
      ? keys.provisioningTask(task.clusterName, Math.round(task.createdAt * 1000), task.taskId)
      : {}),
    ...(!stopped ? keys.liveTask(task.clusterName, task.taskId) : {}),
    ...(task.serviceName ? keys.serviceTask(task.clusterName, task.serviceName, task.taskId, stoppedAtMs) : {}),
    ...(settled ? { expiresAt: Math.floor(stoppedAtMs! / 1000) + STOPPED_RETENTION_SECONDS } : {}),
    type: 'task',
    statusRank: statusRank(task.lastStatus),
    version,
    task: encodeTask(task),
  };
}

/** A task item as stored: the record in its compact form (encodeTask). */
export interface TaskItem {
  task: StoredTask;
  version: number;
}

export const decodeTaskItem = (item: TaskItem): { task: TaskRecord; version: number } => ({
  task: decodeTask(item.task),
  version: item.version,
});

/**
 * The record as stored: what can be derived is left out, so most tasks fit
 * in one 1 KB write unit (every write bills the larger of the old and new
 * item per started KB). Left out only when equal to what decodeTask derives,
 * so a record that differs round-trips unchanged: the ARNs (from the
 * cluster ARN's prefix and the ids), each container's task ARN, empty
 * lists, the empty overrides, `startedBy` when it is the deployment id, and
 * the reservation's group when it is the task's.
 */
export type StoredTask = Omit<
  TaskRecord,
  'reservation' | 'taskArn' | 'containerInstanceArn' | 'taskDefinitionArn' | 'containers' | 'overrides' | 'attachments' | 'tags'
> &
  Partial<Pick<TaskRecord, 'taskArn' | 'containerInstanceArn' | 'taskDefinitionArn' | 'overrides' | 'attachments' | 'tags'>> & {
    containers: StoredContainer[];
    /** `startedBy` is the deployment id (a service's task). */
    startedByDeployment?: true;
    reservation?: StoredReservation;
  };
/** A reservation without its group when it is the task's, and without empty port lists. */
type StoredReservation = Omit<Reservation, 'group' | 'tcpPorts' | 'udpPorts'> &
  Partial<Pick<Reservation, 'group' | 'tcpPorts' | 'udpPorts'>>;
type StoredContainer = Omit<ContainerRecord, 'containerArn' | 'taskArn' | 'networkBindings'> &
  Partial<Pick<ContainerRecord, 'containerArn' | 'taskArn' | 'networkBindings'>> & {
    /** The last part of the container ARN, when it is `<prefix>container/<cluster>/<task id>/<this>`. */
    arnSuffix?: string;
  };

/** `arn:aws:ecs:<region>:<account>:` from the cluster ARN. */
const arnPrefix = ({ clusterArn = '' }: Pick<TaskRecord, 'clusterArn'>) => clusterArn.slice(0, clusterArn.lastIndexOf(':cluster/') + 1);
const derived = (t: Pick<TaskRecord, 'clusterArn' | 'clusterName' | 'taskId' | 'family' | 'revision' | 'containerInstanceId'>) => {
  const p = arnPrefix(t);
  return {
    taskArn: `${p}task/${t.clusterName}/${t.taskId}`,
    taskDefinitionArn: `${p}task-definition/${t.family}:${t.revision}`,
    containerInstanceArn: t.containerInstanceId ? `${p}container-instance/${t.clusterName}/${t.containerInstanceId}` : undefined,
    containerArnPrefix: `${p}container/${t.clusterName}/${t.taskId}/`,
  };
};
const isEmptyOverrides = (o: TaskRecord['overrides'] | undefined) =>
  o !== undefined &&
  Object.keys(o).every((k) => k === 'containerOverrides' || k === 'inferenceAcceleratorOverrides') &&
  !o.containerOverrides?.length &&
  !o.inferenceAcceleratorOverrides?.length &&
  Array.isArray(o.containerOverrides) &&
  Array.isArray(o.inferenceAcceleratorOverrides);

export function encodeTask(t: TaskRecord): StoredTask {
  const d = derived(t);
  const { taskArn, containerInstanceArn, taskDefinitionArn, containers, overrides, attachments, tags, startedBy, reservation, ...rest } = t;
  return {
    ...rest,
    ...(reservation ? { reservation: encodeReservation(reservation, t.group) } : {}),
    ...(taskArn !== d.taskArn ? { taskArn } : {}),
    ...(containerInstanceArn !== d.containerInstanceArn ? { containerInstanceArn } : {}),
    ...(taskDefinitionArn !== d.taskDefinitionArn ? { taskDefinitionArn } : {}),
    ...(isEmptyOverrides(overrides) ? {} : { overrides }),
    ...(attachments?.length ? { attachments } : {}),
    ...(tags?.length ? { tags } : {}),
    ...(startedBy !== undefined && startedBy === t.deploymentId
      ? { startedByDeployment: true }
      : startedBy !== undefined
        ? { startedBy }
        : {}),
    containers: containers.map((c) => {
      const { containerArn, taskArn: ofTask, networkBindings, ...kept } = c;
      return {
        ...kept,
        ...(containerArn.startsWith(d.containerArnPrefix)
          ? { arnSuffix: containerArn.slice(d.containerArnPrefix.length) }
          : { containerArn }),
        ...(ofTask !== taskArn ? { taskArn: ofTask } : {}),
        ...(networkBindings?.length ? { networkBindings } : {}),
      };
    }),
  };
}

function encodeReservation(r: Reservation, group: string): StoredReservation {
  const { group: own, tcpPorts, udpPorts, ...rest } = r;
  return {
    ...rest,
    ...(own !== group ? { group: own } : {}),
    ...(tcpPorts.length ? { tcpPorts } : {}),
    ...(udpPorts.length ? { udpPorts } : {}),
  };
}

export function decodeTask(s: StoredTask): TaskRecord {
  const d = derived(s);
  const { startedByDeployment, containers, reservation, ...rest } = s;
  const taskArn = s.taskArn ?? d.taskArn;
  const containerInstanceArn = s.containerInstanceArn ?? d.containerInstanceArn;
  return {
    ...rest,
    taskArn,
    ...(containerInstanceArn !== undefined ? { containerInstanceArn } : {}),
    ...(reservation
      ? {
          reservation: {
            ...reservation,
            group: reservation.group ?? s.group,
            tcpPorts: reservation.tcpPorts ?? [],
            udpPorts: reservation.udpPorts ?? [],
          },
        }
      : {}),
    taskDefinitionArn: s.taskDefinitionArn ?? d.taskDefinitionArn,
    ...(startedByDeployment ? { startedBy: s.deploymentId } : {}),
    overrides: s.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    attachments: s.attachments ?? [],
    tags: s.tags ?? [],
    containers: containers.map(({ arnSuffix, ...c }) => ({
      ...c,
      containerArn: c.containerArn ?? `${d.containerArnPrefix}${arnSuffix}`,
      taskArn: c.taskArn ?? taskArn,
      networkBindings: c.networkBindings ?? [],
    })),
  };
}

/**
 * What a task's change of state does to its instance: counters follow the
 * status; CPU, memory and the group count come back at STOPPING, host ports
 * at STOPPED (see Reservation). Returns the next record with the released
 * parts cleared, so each is released exactly once.
 */
export function releaseOnTransition(prev: TaskRecord, next: TaskRecord): { next: TaskRecord; delta?: InstanceDelta } {
  if (!prev.containerInstanceId) return { next };
  const d = emptyDelta(prev.clusterName, prev.containerInstanceId);
  // Held from placement until STOPPED: starting (PENDING → RUNNING) writes nothing on the instance (instance-items.ts).
  if (countBucket(prev.lastStatus) && !countBucket(next.lastStatus)) {
    d.tasks = -1;
    d.removePending.push(prev.taskId);
  }
  let reservation = next.reservation;
  if (reservation?.computeHeld && statusRank(next.lastStatus) >= statusRank('STOPPING')) {
    d.cpu += reservation.cpu;
    d.memory += reservation.memory;
    d.groups[reservation.group] = -1;
    reservation = { ...reservation, computeHeld: false };
  }
  if (reservation && next.lastStatus === 'STOPPED') {
    d.removeTcp.push(...reservation.tcpPorts);
    d.removeUdp.push(...reservation.udpPorts);
    reservation = undefined;
  }
  return { next: { ...next, reservation }, delta: d };
}
