import type { Attachment, Container, NetworkBinding, TaskOverride, Tag } from '@aws-sdk/client-ecs';
import type { TaskStopCode } from '../protocol/index.js';
import type { TaskLoadBalancing } from './task-targets.js';
import type { Wire } from './wire.js';

/** ECS task lastStatus, in lifecycle order: a task only ever moves forward. */
export const TASK_STATUSES = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
  'STOPPED',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type DesiredStatus = 'RUNNING' | 'PENDING' | 'STOPPED';

export const statusRank = (s: TaskStatus): number => TASK_STATUSES.indexOf(s);
/** From STOPPING on, a task's resources are free again (ECS semantics). */
export const holdsResources = (s: TaskStatus): boolean => statusRank(s) < statusRank('STOPPING');
export const isLive = (s: TaskStatus): boolean => s !== 'STOPPED';

/**
 * What a placed task holds on its instance. CPU, memory and its task-group
 * count are given back when the task reaches STOPPING (ECS semantics); host
 * ports only at STOPPED, because the old container may still be bound to them
 * while it shuts down. Each part is released exactly once.
 */
export interface Reservation {
  cpu: number;
  memory: number;
  tcpPorts: number[];
  udpPorts: number[];
  group: string;
  /** false once CPU/memory/group were released (at STOPPING). */
  computeHeld: boolean;
}

/** Which instance counter a task in this status counts toward. */
export const countBucket = (s: TaskStatus): 'pending' | 'running' | undefined =>
  s === 'STOPPED' ? undefined : statusRank(s) < statusRank('RUNNING') ? 'pending' : 'running';

export interface ContainerRecord extends Wire<Container> {
  name: string;
  containerArn: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  networkBindings: Wire<NetworkBinding>[];
}

/** What Berth stores for a task: the ECS Task shape (wire timestamps) plus bookkeeping. */
export interface TaskRecord {
  taskArn: string;
  taskId: string;
  clusterName: string;
  clusterArn: string;
  taskDefinitionArn: string;
  family: string;
  revision: number;
  containerInstanceId?: string;
  containerInstanceArn?: string;
  lastStatus: TaskStatus;
  desiredStatus: DesiredStatus;
  group: string;
  startedBy?: string;
  serviceName?: string;
  deploymentId?: string;
  launchType: 'EC2' | 'EXTERNAL';
  /** The capacity provider it runs on (when a strategy chose it); only that provider's instances may host it. */
  capacityProviderName?: string;
  /** While PROVISIONING: the placement constraints and strategy it will be placed with once capacity arrives. */
  waitingPlacement?: {
    constraints: { type: 'distinctInstance' | 'memberOf'; expression?: string }[];
    strategy: { type: 'binpack' | 'spread' | 'random'; field?: string }[];
  };
  cpu?: string;
  memory?: string;
  overrides: Wire<TaskOverride>;
  containers: ContainerRecord[];
  attachments: Wire<Attachment>[];
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  /** When the agent took the report whose health the task holds (epoch ms): an older report's health is stale. */
  healthReportedAt?: number;
  connectivity?: 'CONNECTED' | 'DISCONNECTED';
  /** Epoch seconds, like the wire. */
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  executionStoppedAt?: number;
  stopCode?: TaskStopCode;
  stoppedReason?: string;
  tags: Tag[];
  /** Resources held on the instance; undefined once released (or never placed). */
  reservation?: Reservation;
  /** The port mappings resolved at placement: container name → bindings the agent must use. */
  hostPorts: { containerName: string; containerPort: number; hostPort: number; protocol: 'tcp' | 'udp' }[];
  /** The idempotency token of the RunTask call that created it. */
  clientToken?: string;
  /** Scale-in protection (UpdateTaskProtection) holds until this time, epoch ms; absent when unprotected. */
  protectedUntil?: number;
  /** Service tasks behind load balancers: their targets and where registration and draining stand. */
  loadBalancing?: TaskLoadBalancing;
}

/** Whether scale-in protection still holds at `now` (epoch ms). */
export const isProtected = (t: Pick<TaskRecord, 'protectedUntil'>, now: number): boolean =>
  t.protectedUntil !== undefined && t.protectedUntil > now;
