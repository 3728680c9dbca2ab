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
  // Counts are fetched alongside the clusters, not after: one round trip less.
  const [found, counts] = await Promise.all([ctx.clusters.getMany(names), Promise.all(names.map((n) => ctx.clusters.counts(n)))]);
  const clusters = names.flatMap((n, i) => (found.has(n) ? [clusterView(found.get(n)!, counts[i], input.include ?? [])] : []));
  for (const n of names) if (!found.has(n)) failures.push({ arn: clusterArn(ctx.arn, n), reason: 'MISSING' });
  return { clusters, failures };
}
