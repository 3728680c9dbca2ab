import type { DescribeCapacityProvidersRequest, DescribeCapacityProvidersResponse, Failure } from '@aws-sdk/client-ecs';
import { capacityProviderView, FARGATE_PROVIDERS } from '../../domain/capacity-provider.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import { clusterNameParam } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';
import { providerArn, providerNameParam } from './resolve-provider.js';

/** ECS: at most 100 names per call; pages of at most 10 without names. */
const MAX_NAMES = 100;
const MAX_PAGE = 10;

export async function describeCapacityProviders(
  input: DescribeCapacityProvidersRequest,
  ctx: AppContext,
): Promise<Wire<DescribeCapacityProvidersResponse>> {
  const include = input.include ?? [];
  const cluster = input.cluster === undefined ? undefined : clusterNameParam(input.cluster);
  const names = input.capacityProviders ?? [];
  if (names.length > MAX_NAMES) throw invalidParameter(`At most ${MAX_NAMES} capacity providers can be described at once.`);
  const inCluster = (c?: string) => cluster === undefined || c === cluster;
  if (names.length) {
    const failures: Failure[] = [];
    const wanted: string[] = [];
    for (const value of names) {
      try {
        wanted.push(providerNameParam(value));
      } catch {
        failures.push({ arn: value, reason: 'MISSING' });
      }
    }
    const found = await ctx.capacityProviders.getMany(wanted);
    const providers = wanted.flatMap((n) => {
      const r = found.get(n);
      if (r && inCluster(r.cluster)) return [capacityProviderView(r, include)];
      failures.push({
        arn: providerArn(ctx, n),
        reason: 'MISSING',
        ...(FARGATE_PROVIDERS.includes(n) ? { detail: 'Berth runs tasks on container instances: there is no Fargate.' } : {}),
      });
      return [];
    });
    return { capacityProviders: providers, failures };
  }
  const limit = pageLimit(input.maxResults, MAX_PAGE);
  const page = await ctx.capacityProviders.list({ limit, nextToken: input.nextToken });
  return {
    capacityProviders: page.items.filter((r) => inCluster(r.cluster)).map((r) => capacityProviderView(r, include)),
    failures: [],
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
