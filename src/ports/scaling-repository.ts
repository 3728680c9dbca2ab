import type { ServiceRecord } from '../domain/service.js';
import type { ScalableTargetRecord, ScalingActivityRecord, ScalingPolicyRecord, ScheduledActionRecord } from '../domain/scaling/records.js';
import type { Page, PageRequest } from './page.js';

/** The scalable dimension of one resource: the key of everything Application Auto Scaling stores. */
export interface ScalableRef {
  namespace: string;
  resourceId: string;
  dimension: string;
}

export interface VersionedTarget {
  record: ScalableTargetRecord;
  version: number;
}

export interface ListQuery extends PageRequest {
  namespace: string;
  resourceId?: string;
  dimension?: string;
}

/**
 * One scaling decision committed atomically: the scalable target's
 * bookkeeping (cooldowns) under its version, the activity, and — when the
 * capacity changes — the service record under its version. Any of them
 * having changed since they were read fails the whole commit.
 */
export interface ScalingCommit {
  target: VersionedTarget;
  activity?: ScalingActivityRecord;
  service?: { record: ServiceRecord; version: number };
  /** A scheduled action that ran: its next run, written only if nobody ran it since (`expectedNextRunAt`). */
  scheduled?: { action: ScheduledActionRecord; expectedNextRunAt: number };
}

export interface ScalingRepository {
  getTarget(ref: ScalableRef): Promise<VersionedTarget | undefined>;
  /** Creates (expectedVersion undefined: only if absent) or replaces the target under its version; false on conflict. */
  putTarget(record: ScalableTargetRecord, expectedVersion: number | undefined): Promise<boolean>;
  listTargets(q: ListQuery & { resourceIds?: readonly string[] }): Promise<Page<ScalableTargetRecord>>;
  /** Deletes the target with its policies, alarm links and scheduled actions (activities expire by themselves); false on conflict. */
  deleteTarget(ref: ScalableRef, expectedVersion: number): Promise<boolean>;

  getPolicy(ref: ScalableRef, name: string): Promise<ScalingPolicyRecord | undefined>;
  /**
   * Creates or replaces a policy while its target still exists at
   * `targetVersion`, with links from each alarm it owns (replacing the links
   * of `previous`); false on conflict.
   */
  putPolicy(policy: ScalingPolicyRecord, target: VersionedTarget, previous: ScalingPolicyRecord | undefined): Promise<boolean>;
  deletePolicy(policy: ScalingPolicyRecord): Promise<void>;
  listPolicies(q: ListQuery & { names?: readonly string[] }): Promise<Page<ScalingPolicyRecord>>;
  /** The policy that owns a (target-tracking) alarm. */
  policyOfAlarm(alarmName: string): Promise<ScalingPolicyRecord | undefined>;

  getScheduledAction(ref: ScalableRef, name: string): Promise<ScheduledActionRecord | undefined>;
  putScheduledAction(action: ScheduledActionRecord, target: VersionedTarget): Promise<boolean>;
  deleteScheduledAction(action: ScheduledActionRecord): Promise<void>;
  listScheduledActions(q: ListQuery & { names?: readonly string[] }): Promise<Page<ScheduledActionRecord>>;
  /** Scheduled actions whose next run is at or before `now` (epoch ms), oldest first. */
  dueScheduledActions(now: number, limit: number): Promise<ScheduledActionRecord[]>;

  listActivities(q: ListQuery & { includeNotScaled: boolean }): Promise<Page<ScalingActivityRecord>>;
  commit(c: ScalingCommit): Promise<boolean>;
}
