import type { DescribeServicesRequest, Failure, ListServicesRequest, ListServicesResponse } from '@aws-sdk/client-ecs';
import { serviceArn } from '../../domain/arn.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { describeMany } from '../describe-many.js';
import { pageLimit } from '../paging.js';
import { serviceNameParam } from './resolve-service.js';
import { serviceView, type ServiceView } from './service-view.js';

export async function describeServices(
  input: DescribeServicesRequest,
  ctx: AppContext,
): Promise<{ services: ServiceView[]; failures: Failure[] }> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const { found, failures } = await describeMany({
    values: input.services!,
    max: 10,
    what: 'services',
    parse: (v) => serviceNameParam(v, cluster.clusterName),
    fetch: (names) => ctx.services.getMany(cluster.clusterName, names),
    arnOf: (name) => serviceArn(ctx.arn, cluster.clusterName, name),
    view: (s) => serviceView(s.record, input.include ?? []),
  });
  return { services: found, failures };
}

export async function listServices(input: ListServicesRequest, ctx: AppContext): Promise<ListServicesResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.launchType === 'FARGATE') return { serviceArns: [] };
  // ECS pages ListServices 10 at a time unless asked for more.
  const page = await ctx.services.listNames(cluster.clusterName, {
    limit: input.maxResults === undefined ? 10 : pageLimit(input.maxResults),
    nextToken: input.nextToken,
  });
  let names = page.items;
  if (input.schedulingStrategy) {
    // Filtered page by page (as ECS may, a page can hold fewer than maxResults): one batch read of the page's services.
    const records = await ctx.services.getMany(cluster.clusterName, names);
    names = names.filter((n) => records.get(n)?.record.schedulingStrategy === input.schedulingStrategy);
  }
  return { serviceArns: names.map((n) => serviceArn(ctx.arn, cluster.clusterName, n)), nextToken: page.nextToken };
}
