import type { ListClustersRequest, ListClustersResponse } from '@aws-sdk/client-ecs';
import { clusterArn } from '../../domain/arn.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';

export async function listClusters(input: ListClustersRequest, ctx: AppContext): Promise<Wire<ListClustersResponse>> {
  const page = await ctx.clusters.listNames({ limit: pageLimit(input.maxResults), nextToken: input.nextToken });
  return { clusterArns: page.items.map((n) => clusterArn(ctx.arn, n)), nextToken: page.nextToken };
}
