import type { Attribute, Tag } from '@aws-sdk/client-ecs';
import type { ContainerInstanceRecord, ContainerInstanceStatus } from '../domain/container-instance.js';

export interface ContainerInstanceRepository {
  /**
   * Creates a new instance, or re-registers a live one of that id (resources,
   * attributes, version info refreshed; its tasks kept). Undefined when that
   * instance was deregistered: it is never brought back.
   */
  register(record: ContainerInstanceRecord): Promise<ContainerInstanceRecord | undefined>;
  get(cluster: string, id: string): Promise<ContainerInstanceRecord | undefined>;
  getMany(cluster: string, ids: readonly string[]): Promise<Map<string, ContainerInstanceRecord>>;
  /**
   * Every instance of the cluster (one Query of its partition), INACTIVE ones included. Unlike the
   * reads by id, the running/pending split is not settled (listedTaskIds): settleCounts does it.
   */
  listAll(cluster: string): Promise<ContainerInstanceRecord[]>;
  /** ACTIVE ⇄ DRAINING; false when the instance is gone or INACTIVE. */
  setStatus(
    cluster: string,
    id: string,
    status: Exclude<ContainerInstanceStatus, 'INACTIVE'>,
  ): Promise<ContainerInstanceRecord | undefined>;
  /** Marks it INACTIVE and, in the same transaction, deletes its own credential (`agentKeyId`), if it has one. */
  deregister(cluster: string, id: string, expiresAt: number, agentKeyId?: string): Promise<ContainerInstanceRecord | undefined>;
  /** Records a poll, striking `startedTaskIds` from the tasks it lists as not started; false when the instance is unknown or INACTIVE. */
  heartbeat(cluster: string, id: string, now: number, startedTaskIds?: readonly string[]): Promise<boolean>;
  /** Replaces the attribute list with `change(current)`; false when the instance does not exist. */
  updateAttributes(cluster: string, id: string, change: (current: Attribute[]) => Attribute[]): Promise<boolean>;
  setTags(cluster: string, id: string, change: (current: Tag[]) => Tag[]): Promise<boolean>;
  /** Exact running/pending counts for records read by listAll, with the listed tasks that have started. */
  settleCounts(records: readonly ContainerInstanceRecord[]): Promise<ContainerInstanceRecord[]>;
  /** Strikes tasks that have started (startedTaskIds of a read) from the instance's list of tasks not started yet. */
  strikeStarted(cluster: string, id: string, taskIds: readonly string[]): Promise<void>;
  /**
   * Removes these groups from the instance's taskGroups if their counts are still 0, counting the
   * pruning (taskGroupsPruned). Nothing when one of them came back meanwhile.
   */
  pruneTaskGroups(cluster: string, id: string, groups: readonly string[]): Promise<void>;
  /** Records which capacity provider's group holds the instance (matched after it registered). */
  setCapacityProvider(cluster: string, id: string, capacityProviderName: string): Promise<void>;
}
