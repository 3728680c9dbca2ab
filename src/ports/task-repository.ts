import type { Tag } from '@aws-sdk/client-ecs';
import type { ServiceRecord } from '../domain/service.js';
import type { PlacementAssumptions } from '../domain/placement-assumption.js';
import type { TokenCompletion } from './idempotency-store.js';
import type { DesiredStatus, TaskRecord } from '../domain/task.js';
import type { TaskStopCode } from '../protocol/index.js';
import type { Page, PageRequest } from './page.js';

/**
 * Another writer got there first: these instances no longer fit (or no longer
 * look as the placement assumed), the service changed, a task the plan stops
 * changed its mind, or another call with the same clientToken recorded its
 * outcome. Nothing of the chunk was written. Reload and re-plan (or, for the
 * token, answer what the other call recorded).
 */
export class CommitConflict extends Error {
  constructor(
    readonly instanceIds: string[],
    readonly serviceChanged: boolean,
    readonly tokenDone = false,
  ) {
    super(`commit conflict (instances: ${instanceIds.join(', ') || 'none'}; service changed: ${serviceChanged}; token done: ${tokenDone})`);
  }
}

/** A stop a plan decided: desired STOPPED, written only if the task still wants to run. */
export interface PlannedStop {
  taskId: string;
  reason: string;
  stopCode: TaskStopCode;
}

/** Everything one decision writes, all of it under the conditions it was decided on. */
export interface PlanCommit {
  cluster: string;
  /** New tasks, each holding its reservation on its instance. */
  place?: readonly TaskRecord[];
  /** What the placements read from their instances beyond room (placement rules): re-checked. */
  assumptions?: PlacementAssumptions;
  /** Stops of placed tasks (never a task the plan also places). */
  stop?: readonly PlannedStop[];
  /** When the stops were decided (epoch ms). */
  now: number;
  /** The service record, written under the version the plan was made from. */
  service?: ServiceGuard;
  /** A RunTask clientToken: its outcome (the placed task ids) is recorded with the tasks, or nothing is written. */
  token?: TokenCompletion;
  /** Placed tasks that already exist (waiting in PROVISIONING), by id: written only if still at this version. */
  versions?: ReadonlyMap<string, number>;
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
   * Commits a decision atomically per chunk of DynamoDB's transaction limit:
   * creates the placed tasks and reserves their CPU, memory, host ports and
   * group on their instances (conditional on room, status and the placement
   * assumptions), asks the stopped tasks to stop (conditional on them still
   * wanting to run), and writes the service record under its version. Every
   * chunk carries the service guard, so a stop can never outlive the plan it
   * belongs to. A token's outcome is written with the first chunk (a
   * token's call must fit in one). Throws CommitConflict when a condition failed; chunks
   * committed before it stay committed (they were valid, and the service
   * version moved with them). Returns the service version after the commit.
   */
  commit(plan: PlanCommit): Promise<number | undefined>;
  /**
   * Gives PROVISIONING tasks their instance (the records as placed, each
   * under the version it was read at) and reserves their resources, as
   * commit does; CommitConflict when an instance no longer fits or a
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
