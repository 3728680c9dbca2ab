/**
 * What an agent reports about a task: its full current state, sent whenever
 * it changes and re-sent until acknowledged. Timestamps are epoch milliseconds.
 */
import { MAX_CONTAINERS_PER_TASK, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_PORTS_PER_CONTAINER, MAX_REASON_LENGTH } from './bounds.js';
import { freeText, integer, list, object, enumValue, port, present, text, timestamp, truncate, unique } from './reader.js';
import { TASK_STOP_CODES, type TaskStopCode } from './stop-codes.js';

export const TRANSPORT_PROTOCOLS = ['tcp', 'udp'] as const;
export type TransportProtocol = (typeof TRANSPORT_PROTOCOLS)[number];
/** A task's or a container's status as an agent sees it. */
export const CONTAINER_STATUSES = ['PENDING', 'RUNNING', 'STOPPED'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];
export const HEALTH_STATUSES = ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface NetworkBinding {
  bindIP: string;
  containerPort: number;
  hostPort: number;
  protocol: TransportProtocol;
}

export interface ContainerReport {
  name: string;
  /** Docker container id, or `<taskId>/<name>` for the process driver. */
  runtimeId?: string;
  status: ContainerStatus;
  exitCode?: number;
  reason?: string;
  health?: HealthStatus;
  networkBindings?: NetworkBinding[];
  /** Host pid of the container's main process (process driver only). */
  pid?: number;
  startedAt?: number;
  stoppedAt?: number;
}

export interface TaskReport {
  taskArn: string;
  status: ContainerStatus;
  containers: ContainerReport[];
  health?: HealthStatus;
  stoppedReason?: string;
  stopCode?: TaskStopCode;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppedAt?: number;
  /**
   * When the agent took this report (epoch ms). A request retried by the
   * network can deliver an older report after a newer one: its health is
   * then stale, and the control plane keeps the newer one.
   */
  reportedAt?: number;
}

const REPORT_FIELDS = new Set([
  'taskArn',
  'status',
  'containers',
  'health',
  'stoppedReason',
  'stopCode',
  'pullStartedAt',
  'pullStoppedAt',
  'startedAt',
  'stoppedAt',
  'reportedAt',
]);
const CONTAINER_FIELDS = new Set([
  'name',
  'runtimeId',
  'status',
  'exitCode',
  'reason',
  'health',
  'networkBindings',
  'pid',
  'startedAt',
  'stoppedAt',
]);
const BINDING_FIELDS = new Set(['bindIP', 'containerPort', 'hostPort', 'protocol']);

export function parseTaskReport(value: unknown, path = 'report'): TaskReport {
  const r = object(value, path, REPORT_FIELDS);
  const containers = list(r.containers, `${path}.containers`, MAX_CONTAINERS_PER_TASK, parseContainerReport);
  const out: TaskReport = {
    taskArn: text(r.taskArn, `${path}.taskArn`, MAX_ID_LENGTH),
    status: enumValue(r.status, `${path}.status`, CONTAINER_STATUSES),
    containers: unique(containers, `${path}.containers`, (c) => c.name, 'container name'),
  };
  if (present(r.health)) out.health = enumValue(r.health, `${path}.health`, HEALTH_STATUSES);
  if (present(r.stoppedReason)) out.stoppedReason = freeText(r.stoppedReason, `${path}.stoppedReason`, MAX_REASON_LENGTH);
  if (present(r.stopCode)) out.stopCode = enumValue(r.stopCode, `${path}.stopCode`, TASK_STOP_CODES);
  for (const key of ['pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppedAt', 'reportedAt'] as const) {
    if (present(r[key])) out[key] = timestamp(r[key], `${path}.${key}`);
  }
  return out;
}

function parseContainerReport(value: unknown, path: string): ContainerReport {
  const c = object(value, path, CONTAINER_FIELDS);
  const out: ContainerReport = {
    name: text(c.name, `${path}.name`, MAX_NAME_LENGTH),
    status: enumValue(c.status, `${path}.status`, CONTAINER_STATUSES),
  };
  if (present(c.runtimeId)) out.runtimeId = text(c.runtimeId, `${path}.runtimeId`, MAX_ID_LENGTH);
  if (present(c.exitCode)) out.exitCode = integer(c.exitCode, `${path}.exitCode`, -(2 ** 31), 2 ** 32 - 1);
  if (present(c.reason)) out.reason = freeText(c.reason, `${path}.reason`, MAX_REASON_LENGTH);
  if (present(c.health)) out.health = enumValue(c.health, `${path}.health`, HEALTH_STATUSES);
  if (present(c.networkBindings)) {
    out.networkBindings = list(c.networkBindings, `${path}.networkBindings`, MAX_PORTS_PER_CONTAINER, parseNetworkBinding);
  }
  if (present(c.pid)) out.pid = integer(c.pid, `${path}.pid`, 1, 2 ** 31 - 1);
  if (present(c.startedAt)) out.startedAt = timestamp(c.startedAt, `${path}.startedAt`);
  if (present(c.stoppedAt)) out.stoppedAt = timestamp(c.stoppedAt, `${path}.stoppedAt`);
  return out;
}

function parseNetworkBinding(value: unknown, path: string): NetworkBinding {
  const b = object(value, path, BINDING_FIELDS);
  return {
    // An IPv4 or IPv6 address: 45 characters at most.
    bindIP: text(b.bindIP, `${path}.bindIP`, 45),
    containerPort: port(b.containerPort, `${path}.containerPort`),
    hostPort: port(b.hostPort, `${path}.hostPort`),
    protocol: enumValue(b.protocol, `${path}.protocol`, TRANSPORT_PROTOCOLS),
  };
}

/** The report cut to the protocol's bounds (free-text reasons truncated): what an agent sends. */
export function fitTaskReport(r: TaskReport): TaskReport {
  const long = (s: string | undefined) => s !== undefined && s.length > MAX_REASON_LENGTH;
  if (!long(r.stoppedReason) && !r.containers.some((c) => long(c.reason))) return r;
  return {
    ...r,
    ...(r.stoppedReason !== undefined ? { stoppedReason: truncate(r.stoppedReason, MAX_REASON_LENGTH) } : {}),
    containers: r.containers.map((c) => (long(c.reason) ? { ...c, reason: truncate(c.reason!, MAX_REASON_LENGTH) } : c)),
  };
}
