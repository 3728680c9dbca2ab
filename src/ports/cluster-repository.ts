import type { Tag } from '@aws-sdk/client-ecs';
import type { ClusterCounts, ClusterRecord } from '../domain/cluster.js';
import type { Page, PageRequest } from './page.js';

export interface ClusterRepository {
  get(name: string): Promise<ClusterRecord | undefined>;
  getMany(names: readonly string[]): Promise<Map<string, ClusterRecord>>;
  /** Creates the cluster, or returns the live one of that name unchanged (ECS is idempotent here). */
  create(record: ClusterRecord): Promise<ClusterRecord>;
  /** Applies `change` to an ACTIVE cluster; undefined when there is none. */
  update(name: string, change: (current: ClusterRecord) => Partial<ClusterRecord>): Promise<ClusterRecord | undefined>;
  listNames(page: PageRequest): Promise<Page<string>>;
  counts(name: string): Promise<ClusterCounts>;
  /**
   * Marks the cluster DEPROVISIONING so no new member can join, then lets
   * `check` look at its members; commits INACTIVE if check passes, restores
   * ACTIVE and rethrows otherwise.
   */
  delete(name: string, check: (counts: ClusterCounts) => void, expiresAt: number): Promise<ClusterRecord | undefined>;
  setTags(name: string, tags: (current: Tag[]) => Tag[]): Promise<boolean>;
}
