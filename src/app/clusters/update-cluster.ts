import type {
  UpdateClusterRequest,
  UpdateClusterResponse,
  UpdateClusterSettingsRequest,
  UpdateClusterSettingsResponse,
} from '@aws-sdk/client-ecs';
import { clusterView } from '../../domain/cluster.js';
import { clusterNotFound } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { clusterNameParam } from './resolve-cluster.js';
import { checkSettings, withDefaultSettings } from './settings.js';

export async function updateCluster(input: UpdateClusterRequest, ctx: AppContext): Promise<Wire<UpdateClusterResponse>> {
  const name = clusterNameParam(input.cluster);
  checkSettings(input.settings ?? []);
  const cluster = await ctx.clusters.update(name, (current) => ({
    settings: withDefaultSettings(current.settings, input.settings ?? []),
    configuration: input.configuration ?? current.configuration,
    serviceConnectDefaults: input.serviceConnectDefaults ?? current.serviceConnectDefaults,
  }));
  if (!cluster) throw clusterNotFound();
  return { cluster: clusterView(cluster, await ctx.clusters.counts(name), ['SETTINGS', 'CONFIGURATIONS']) };
}

export async function updateClusterSettings(
  input: UpdateClusterSettingsRequest,
  ctx: AppContext,
): Promise<Wire<UpdateClusterSettingsResponse>> {
  return updateCluster({ cluster: input.cluster, settings: input.settings }, ctx);
}
