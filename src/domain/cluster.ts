import type { Cluster, ClusterConfiguration, ClusterServiceConnectDefaults, ClusterSetting, Tag } from '@aws-sdk/client-ecs';
import type { StrategyItem } from './capacity-provider.js';

export type ClusterStatus = 'ACTIVE' | 'PROVISIONING' | 'DEPROVISIONING' | 'FAILED' | 'INACTIVE';

/** What Berth stores for a cluster; counts are derived when described. */
export interface ClusterRecord {
  clusterName: string;
  clusterArn: string;
  status: ClusterStatus;
  settings: ClusterSetting[];
  configuration?: ClusterConfiguration;
  serviceConnectDefaults?: ClusterServiceConnectDefaults;
  capacityProviders: string[];
  /** Used by RunTask and CreateService when they name neither a launch type nor a strategy (absent on clusters created before). */
  defaultCapacityProviderStrategy?: StrategyItem[];
  tags: Tag[];
  createdAt: number;
}

export interface ClusterCounts {
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
}

export const DEFAULT_CLUSTER = 'default';
export const CLUSTER_NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;
export const CLUSTER_SETTING_VALUES: Record<string, string[]> = { containerInsights: ['enabled', 'disabled', 'enhanced'] };

export type ClusterInclude = 'ATTACHMENTS' | 'CONFIGURATIONS' | 'SETTINGS' | 'STATISTICS' | 'TAGS';

export function clusterView(record: ClusterRecord, counts: ClusterCounts, include: readonly string[] = []): Cluster {
  const has = (what: ClusterInclude) => include.includes(what);
  return {
    clusterArn: record.clusterArn,
    clusterName: record.clusterName,
    status: record.status,
    ...counts,
    statistics: [],
    ...(has('TAGS') ? { tags: record.tags } : {}),
    ...(has('SETTINGS') ? { settings: record.settings } : {}),
    ...(has('CONFIGURATIONS') && record.configuration ? { configuration: record.configuration } : {}),
    ...(record.serviceConnectDefaults ? { serviceConnectDefaults: record.serviceConnectDefaults } : {}),
    capacityProviders: record.capacityProviders,
    defaultCapacityProviderStrategy: record.defaultCapacityProviderStrategy ?? [],
  };
}
