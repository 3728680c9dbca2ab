import type { CreateClusterRequest, CreateClusterResponse } from '@aws-sdk/client-ecs';
import { clusterArn } from '../../domain/arn.js';
import { CLUSTER_NAME_RE, clusterView, DEFAULT_CLUSTER, type ClusterRecord } from '../../domain/cluster.js';
import { invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import { associateNewCluster, checkNewClusterProviders } from '../capacity-providers/put-cluster-capacity-providers.js';
import { providerNameParam } from '../capacity-providers/resolve-provider.js';
import { checkStrategy } from '../capacity-providers/strategy.js';
import type { AppContext } from '../context.js';
import { checkSettings, withDefaultSettings } from './settings.js';
import { effectiveAccountSetting } from '../account-settings/account-settings.js';
import type { Caller } from '../../domain/caller.js';

export async function createCluster(input: CreateClusterRequest, ctx: AppContext, caller?: Caller): Promise<Wire<CreateClusterResponse>> {
  const name = input.clusterName ?? DEFAULT_CLUSTER;
  if (!CLUSTER_NAME_RE.test(name)) {
    throw invalidParameter('Cluster name must be 1-255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores.');
  }
  checkTags(input.tags ?? []);
  checkSettings(input.settings ?? []);
  const providers = (input.capacityProviders ?? []).map(providerNameParam);
  const strategy = checkStrategy(input.defaultCapacityProviderStrategy ?? [], providers);
  if (providers.length) await checkNewClusterProviders(ctx, name, providers);
  const record: ClusterRecord = {
    clusterName: name,
    clusterArn: clusterArn(ctx.arn, name),
    status: 'ACTIVE',
    // containerInsights defaults to the caller's effective account setting (PutAccountSetting / PutAccountSettingDefault).
    settings: withDefaultSettings(
      [{ name: 'containerInsights', value: await effectiveAccountSetting(ctx, 'containerInsights', caller) }],
      input.settings ?? [],
    ),
    configuration: input.configuration,
    serviceConnectDefaults: input.serviceConnectDefaults,
    // Associated below, once the cluster exists (the association changes the providers too).
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    tags: input.tags ?? [],
    createdAt: ctx.clock.now(),
  };
  let cluster = await ctx.clusters.create(record);
  // CreateCluster on a live cluster answers with it unchanged; only a cluster created here gets the providers.
  const created = cluster.createdAt === record.createdAt && cluster.capacityProviders.length === 0;
  if (created && (providers.length || strategy.length)) {
    await associateNewCluster(ctx, cluster, providers, strategy);
    cluster = { ...cluster, capacityProviders: providers, defaultCapacityProviderStrategy: strategy };
  }
  return { cluster: clusterView(cluster, await ctx.clusters.counts(name), ['SETTINGS', 'TAGS', 'CONFIGURATIONS']) };
}
