import type { Tag } from '@aws-sdk/client-ecs';
import type { ServiceRecord } from '../domain/service.js';
import type { DesiredStatus, TaskRecord } from '../domain/task.js';
import type { Page, PageRequest } from './page.js';

/** Another writer got there first: these instances no longer fit, or the service changed. Reload and re-plan. */
export class CommitConflict extends Error {
  constructor(
    readonly instanceIds: string[],
    readonly serviceChanged: boolean,
  ) {
    super(`commit conflict (instances: ${instanceIds.join(', ') || 'none'}; service changed: ${serviceChanged})`);
  }
}

/** The service record to write with a placement, guarded by the version it was planned from. */
export interface ServiceGuard {
  record: ServiceRecord;
  version: number;
}

export interface VersionedTask {
  task: TaskRecord;
  version: number;
}

export interface TaskQuery extends PageRequest {
  cluster: string;
  instanceId?: string;
  family?: string;
  startedBy?: string;
  serviceName?: string;
  desiredStatus: DesiredStatus;
}

export interface TaskRepository {
  get(cluster: string, id: string): Promise<TaskRecord | undefined>;
  getMany(cluster: string, ids: readonly string[]): Promise<Map<string, TaskRecord>>;
  /**
   * Creates placed tasks and reserves their CPU, memory and host ports on
   * their instances atomically (chunked transactions, each all-or-nothing),
   * optionally writing the service record under its version. Throws
   * CommitConflict when an instance no longer fits or the service changed;
   * chunks committed before the conflict stay committed (they were valid).
   * Returns the service version after the commit.
   */
  createPlaced(tasks: readonly TaskRecord[], service?: ServiceGuard): Promise<number | undefined>;
  /**
   * Gives PROVISIONING tasks their instance (the records as placed, each
   * under the version it was read at) and reserves their resources, as
   * createPlaced does; CommitConflict when an instance no longer fits or a
   * task changed (stopped) meanwhile.
   */
  placeProvisioned(tasks: readonly VersionedTask[]): Promise<void>;
  /** The cluster's tasks waiting in PROVISIONING, oldest first. */
  provisioning(cluster: string): Promise<VersionedTask[]>;
  /**
   * Read-modify-write of one task with its instance bookkeeping in the same
   * transaction. `change` returns undefined for "nothing to do".
   */
  transition(
    cluster: string,
    id: string,
    change: (current: TaskRecord) => TaskRecord | undefined,
    /** A recent read of the task: tried first, saving a read when nobody changed it since. */
    known?: VersionedTask,
  ): Promise<{ task: TaskRecord; changed: boolean } | undefined>;
  liveOnInstance(cluster: string, instanceId: string): Promise<VersionedTask[]>;
  /** A service's live tasks, plus those that stopped at or after `stoppedSinceMs`. */
  ofService(cluster: string, service: string, stoppedSinceMs?: number): Promise<TaskRecord[]>;
  list(query: TaskQuery): Promise<Page<TaskRecord>>;
  setTags(cluster: string, id: string, change: (current: Tag[]) => Tag[]): Promise<boolean>;
}
