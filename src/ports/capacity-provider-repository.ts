import type { CapacityProviderRecord, StrategyItem } from '../domain/capacity-provider.js';
import type { Page, PageRequest } from './page.js';

/** Why a capacity provider could not be created. */
export class CapacityProviderExists extends Error {
  constructor(
    readonly what: 'name' | 'group',
    /** For `group`: the provider that already uses the group. */
    readonly owner?: string,
  ) {
    super(what === 'name' ? 'capacity provider name taken' : `Auto Scaling group already used by ${owner}`);
  }
}

/** The outcome of associating capacity providers with a cluster. */
export type AssociationResult =
  | { ok: true }
  /** The cluster changed (or is gone) since it was read: read again and retry. */
  | { ok: false; reason: 'cluster-changed' }
  /** This provider is associated with another cluster, or not ACTIVE any more. */
  | { ok: false; reason: 'provider-unavailable'; provider: string };

export interface CapacityProviderRepository {
  /** Creates the provider and claims its group, together; throws CapacityProviderExists. An INACTIVE provider's name may be reused. */
  create(record: CapacityProviderRecord): Promise<void>;
  get(name: string): Promise<CapacityProviderRecord | undefined>;
  getMany(names: readonly string[]): Promise<Map<string, CapacityProviderRecord>>;
  /** ACTIVE providers, by name. */
  list(page: PageRequest): Promise<Page<CapacityProviderRecord>>;
  /** Read-modify-write of an ACTIVE provider; undefined when there is none (or `change` declines). */
  update(
    name: string,
    change: (current: CapacityProviderRecord) => CapacityProviderRecord | undefined,
  ): Promise<CapacityProviderRecord | undefined>;
  /**
   * Marks an ACTIVE provider that no cluster uses INACTIVE and releases its
   * group; undefined when there is no such provider. `associatedWith` is set
   * instead when a cluster still uses it.
   */
  delete(name: string, expiresAt: number): Promise<{ deleted?: CapacityProviderRecord; associatedWith?: string }>;
  /**
   * Sets the cluster's providers and default strategy and moves each
   * provider's association, in one transaction, only if the cluster is still
   * as read (`expected`: its providers then).
   */
  associate(
    cluster: string,
    providers: readonly string[],
    strategy: readonly StrategyItem[],
    expected: readonly string[],
  ): Promise<AssociationResult>;
  /** Whether a live task of the cluster runs (or waits to run) on the provider. */
  hasLiveTasks(cluster: string, provider: string): Promise<boolean>;
  /** Frees every provider of a deleted cluster. */
  dissociateAll(cluster: string, providers: readonly string[]): Promise<void>;
}
