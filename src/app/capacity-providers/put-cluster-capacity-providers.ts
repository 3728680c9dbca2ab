import type { PutClusterCapacityProvidersRequest, PutClusterCapacityProvidersResponse } from '@aws-sdk/client-ecs';
import { FARGATE_PROVIDERS, MAX_PROVIDERS_PER_CLUSTER, type StrategyItem } from '../../domain/capacity-provider.js';
import { clusterView, type ClusterRecord } from '../../domain/cluster.js';
import { EcsError, invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { syncManagedScaling } from './managed-scaling-alarms.js';
import { checkStrategy } from './strategy.js';
import { providerNameParam } from './resolve-provider.js';

/**
 * The cluster's capacity providers and default strategy, replaced as a whole
 * (as ECS does: every provider to keep must be named again). A provider
 * leaves only when no service or task uses it; a provider serves one cluster.
 */
export async function putClusterCapacityProviders(
  input: PutClusterCapacityProvidersRequest,
  ctx: AppContext,
): Promise<Wire<PutClusterCapacityProvidersResponse>> {
  let cluster = await requireActiveCluster(ctx, input.cluster);
  const names = (input.capacityProviders ?? []).map(providerNameParam);
  const strategy = checkStrategy(input.defaultCapacityProviderStrategy ?? [], names);
  // A concurrent PutClusterCapacityProviders (or a provider joining another
  // cluster) changed the association: re-read the cluster and decide again.
  return retryOnConflict(
    `PutClusterCapacityProviders ${cluster.clusterName}`,
    ctx.conflictRetry,
    async (attempt) => {
      if (attempt > 0) cluster = await requireActiveCluster(ctx, cluster.clusterName);
      await checkAssociation(ctx, cluster, names);
      const out = await ctx.capacityProviders.associate(cluster.clusterName, names, strategy, cluster.capacityProviders);
      if (!out.ok) {
        if (out.reason === 'provider-unavailable') throw unavailable(out.provider);
        return CONFLICT;
      }
      await syncAlarms(ctx, cluster.clusterName, names, cluster.capacityProviders);
      const updated: ClusterRecord = { ...cluster, capacityProviders: names, defaultCapacityProviderStrategy: strategy };
      return { cluster: clusterView(updated, await ctx.clusters.counts(cluster.clusterName), []) };
    },
    () => {
      throw new EcsError('UpdateInProgressException', 'The cluster is being updated by another request. Try again.');
    },
  );
}

/** CreateCluster's capacityProviders and defaultCapacityProviderStrategy: checked before the cluster exists. */
export async function checkNewClusterProviders(ctx: AppContext, clusterName: string, names: string[]): Promise<void> {
  await checkAssociation(ctx, { clusterName, capacityProviders: [] }, names);
}

/** Associates a cluster CreateCluster just made with its capacity providers. */
export async function associateNewCluster(
  ctx: AppContext,
  cluster: ClusterRecord,
  names: string[],
  strategy: StrategyItem[],
): Promise<void> {
  const out = await ctx.capacityProviders.associate(cluster.clusterName, names, strategy, []);
  if (out.ok) await syncAlarms(ctx, cluster.clusterName, names, []);
  if (!out.ok)
    throw out.reason === 'provider-unavailable'
      ? unavailable(out.provider)
      : new EcsError('UpdateInProgressException', 'The cluster changed while it was created. Try again.');
}

async function checkAssociation(
  ctx: AppContext,
  cluster: Pick<ClusterRecord, 'clusterName' | 'capacityProviders'>,
  names: readonly string[],
): Promise<void> {
  if (names.length > MAX_PROVIDERS_PER_CLUSTER) {
    throw invalidParameter(`A cluster can have at most ${MAX_PROVIDERS_PER_CLUSTER} capacity providers.`);
  }
  if (new Set(names).size !== names.length)
    throw invalidParameter('The list of capacity providers contains a capacity provider more than once.');
  const fargate = names.find((n) => FARGATE_PROVIDERS.includes(n));
  if (fargate) throw invalidParameter(`Berth runs tasks on container instances: the ${fargate} capacity provider is not supported.`);
  const found = await ctx.capacityProviders.getMany(names);
  for (const n of names) {
    const p = found.get(n);
    if (!p || p.status !== 'ACTIVE') {
      throw invalidParameter(`The specified capacity provider ${n} does not exist. Specify a valid capacity provider and try again.`);
    }
    if (p.cluster && p.cluster !== cluster.clusterName) throw unavailable(n, p.cluster);
  }
  const removed = cluster.capacityProviders.filter((n) => !names.includes(n));
  if (!removed.length) return;
  const services = await ctx.services.listAll(cluster.clusterName);
  for (const n of removed) {
    const usedBy = services.find(
      ({ record }) =>
        record.status !== 'INACTIVE' &&
        [record.capacityProviderStrategy, ...record.deployments.map((d) => d.capacityProviderStrategy)].some((s) =>
          s?.some((i) => i.capacityProvider === n),
        ),
    );
    if (usedBy || (await ctx.capacityProviders.hasLiveTasks(cluster.clusterName, n))) {
      throw new EcsError(
        'ResourceInUseException',
        `The specified capacity provider ${n} is in use and cannot be removed${usedBy ? ` (service ${usedBy.record.serviceName} uses it)` : ' (tasks run on it)'}.`,
      );
    }
  }
}

/** The alarm pairs follow the association: created for providers that joined, deleted for those that left. */
async function syncAlarms(ctx: AppContext, cluster: string, now: readonly string[], before: readonly string[]): Promise<void> {
  const changed = [...now.filter((n) => !before.includes(n)), ...before.filter((n) => !now.includes(n))];
  if (!changed.length) return;
  const providers = await ctx.capacityProviders.getMany(changed);
  for (const name of changed) {
    const p = providers.get(name);
    if (p) await syncManagedScaling(ctx, p, now.includes(name) ? cluster : undefined);
  }
}

const unavailable = (name: string, other?: string) =>
  invalidParameter(
    `The capacity provider ${name} is already associated with ${other ? `cluster ${other}` : 'another cluster'}: an Auto Scaling group capacity provider serves one cluster.`,
  );
