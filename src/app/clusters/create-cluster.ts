import type { CreateClusterRequest, CreateClusterResponse } from '@aws-sdk/client-ecs';
import { clusterArn } from '../../domain/arn.js';
import { CLUSTER_NAME_RE, clusterView, DEFAULT_CLUSTER, type ClusterRecord } from '../../domain/cluster.js';
import { invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
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
    capacityProviders: input.capacityProviders ?? [],
    tags: input.tags ?? [],
    createdAt: ctx.clock.now(),
  };
  const cluster = await ctx.clusters.create(record);
  return { cluster: clusterView(cluster, await ctx.clusters.counts(name), ['SETTINGS', 'TAGS', 'CONFIGURATIONS']) };
}
