import type { Attribute, Tag, VersionInfo } from '@aws-sdk/client-ecs';
import type { Wire } from './wire.js';

export type ContainerInstanceStatus = 'REGISTERING' | 'REGISTRATION_FAILED' | 'ACTIVE' | 'DRAINING' | 'DEREGISTERING' | 'INACTIVE';

/**
 * A container instance as stored. Remaining resources are kept on the item and
 * changed only by conditional, commutative updates (reserve: "enough left and
 * port free"; release: exactly once per task), so parallel writers never
 * overcommit and never conflict needlessly.
 */
export interface ContainerInstanceRecord {
  id: string;
  arn: string;
  clusterName: string;
  ec2InstanceId?: string;
  /** The capacity provider whose Auto Scaling group holds this EC2 instance (matched on ec2InstanceId). */
  capacityProviderName?: string;
  status: ContainerInstanceStatus;
  statusReason?: string;
  attributes: Wire<Attribute>[];
  versionInfo: Wire<VersionInfo>;
  registeredCpu: number;
  registeredMemory: number;
  /** Instance-specific reserved host ports (PORTS / PORTS_UDP resources). */
  reservedTcpPorts: number[];
  reservedUdpPorts: number[];
  remainingCpu: number;
  remainingMemory: number;
  usedTcpPorts: number[];
  usedUdpPorts: number[];
  /**
   * By last status. Their sum (the tasks the instance holds, placed and not STOPPED) is always
   * exact; the split is exact once settled (see listedTaskIds).
   */
  runningTasksCount: number;
  pendingTasksCount: number;
  /**
   * Only from a cluster-wide read (listAll), which does not settle the split: tasks the instance
   * lists as placed and maybe not started (a task's RUNNING report writes the task alone), all
   * counted as pending until settleCounts looks them up.
   */
  listedTaskIds?: string[];
  /** From settleCounts: listed tasks that have started (now counted as running); the reconciler strikes them from the list. */
  startedTaskIds?: string[];
  taskGroups: Record<string, number>;
  /**
   * How many times groups whose count fell to 0 were removed from taskGroups (pruneTaskGroups).
   * With the number of groups, it tells a placement whether any group appeared since it read the
   * map: a removal and an addition leave the number of groups as it was, but not this one.
   */
  taskGroupsPruned?: number;
  /** Epoch ms. */
  registeredAt: number;
  lastHeartbeatAt: number;
  tags: Tag[];
  /** The agent's runtime driver (docker | process | hollow), also exposed as attribute berth.driver. */
  driver?: string;
  /** The access key id of the instance's own credential (issued when it joined with a join token). */
  agentKeyId?: string;
}

/** Connected = heard from within the timeout (and not deregistered). */
export const agentConnected = (i: Pick<ContainerInstanceRecord, 'lastHeartbeatAt' | 'status'>, now: number, timeoutMs: number) =>
  i.status !== 'INACTIVE' && now - i.lastHeartbeatAt <= timeoutMs;
