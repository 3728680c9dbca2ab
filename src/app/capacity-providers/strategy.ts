/**
 * Capacity provider strategies as ECS checks and resolves them: on RunTask,
 * CreateService and UpdateService (or the cluster's default), each provider
 * must be associated with the cluster, at most one has a base, weights are
 * 0–1000 and, with several providers, at least one weight is above zero.
 */
import type { CapacityProviderStrategyItem } from '@aws-sdk/client-ecs';
import { FARGATE_PROVIDERS, MAX_STRATEGY_ITEMS, type StrategyItem } from '../../domain/capacity-provider.js';
import type { ClusterRecord } from '../../domain/cluster.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';

/** A strategy's shape alone (also what PutClusterCapacityProviders checks for the default strategy). */
export function checkStrategy(items: readonly Wire<CapacityProviderStrategyItem>[], associated: readonly string[]): StrategyItem[] {
  if (items.length > MAX_STRATEGY_ITEMS) {
    throw invalidParameter(`A capacity provider strategy can contain at most ${MAX_STRATEGY_ITEMS} capacity providers.`);
  }
  const strategy = items.map((i) => ({ capacityProvider: i.capacityProvider!, weight: i.weight ?? 0, base: i.base ?? 0 }));
  const names = strategy.map((s) => s.capacityProvider);
  if (new Set(names).size !== names.length)
    throw invalidParameter('The capacity provider strategy contains a capacity provider more than once.');
  for (const s of strategy) {
    if (FARGATE_PROVIDERS.includes(s.capacityProvider)) {
      throw invalidParameter(`Berth runs tasks on container instances: the ${s.capacityProvider} capacity provider is not supported.`);
    }
    if (!associated.includes(s.capacityProvider)) {
      throw invalidParameter(
        `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. (${s.capacityProvider})`,
      );
    }
  }
  if (strategy.filter((s) => s.base > 0).length > 1) {
    throw invalidParameter('Only one capacity provider in a capacity provider strategy can have a base defined.');
  }
  if (strategy.length > 1 && strategy.every((s) => s.weight === 0)) {
    throw invalidParameter('At least one capacity provider in a capacity provider strategy must have a weight greater than zero.');
  }
  return strategy;
}

/** What a task or service runs on: a capacity provider strategy, or the EC2 launch type. */
export type CapacityChoice = { strategy: StrategyItem[] } | { launchType: 'EC2' | 'EXTERNAL' };

/**
 * RunTask / CreateService: the given strategy, else the given launch type,
 * else the cluster's default strategy, else EC2 (as ECS resolves them).
 */
export function resolveCapacity(
  cluster: Pick<ClusterRecord, 'capacityProviders' | 'defaultCapacityProviderStrategy'>,
  launchType: string | undefined,
  strategy: readonly Wire<CapacityProviderStrategyItem>[] | undefined,
): CapacityChoice {
  if (launchType !== undefined && strategy?.length) {
    throw invalidParameter('Specifying both a launchType and capacityProviderStrategy is not supported.');
  }
  if (strategy?.length) return { strategy: checkStrategy(strategy, cluster.capacityProviders) };
  if (launchType !== undefined) return { launchType: launchType as 'EC2' | 'EXTERNAL' };
  const fallback = cluster.defaultCapacityProviderStrategy ?? [];
  return fallback.length ? { strategy: fallback.map((s) => ({ ...s })) } : { launchType: 'EC2' };
}
