import type { DescribeClustersRequest, DescribeClustersResponse, Failure } from '@aws-sdk/client-ecs';
import { clusterArn } from '../../domain/arn.js';
import { clusterView, DEFAULT_CLUSTER } from '../../domain/cluster.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { clusterNameParam } from './resolve-cluster.js';

export async function describeClusters(input: DescribeClustersRequest, ctx: AppContext): Promise<Wire<DescribeClustersResponse>> {
  const requested = input.clusters?.length ? input.clusters : [DEFAULT_CLUSTER];
  const failures: Failure[] = [];
  const names: string[] = [];
  for (const value of requested) {
    try {
      names.push(clusterNameParam(value));
    } catch {
      failures.push({ arn: value, reason: 'MISSING' });
    }
  }
  const found = await ctx.clusters.getMany(names);
  const clusters = await Promise.all(
    names.filter((n) => found.has(n)).map(async (n) => clusterView(found.get(n)!, await ctx.clusters.counts(n), input.include ?? [])),
  );
  for (const n of names) if (!found.has(n)) failures.push({ arn: clusterArn(ctx.arn, n), reason: 'MISSING' });
  return { clusters, failures };
}
