import type { DescribeServicesRequest, Failure, ListServicesRequest, ListServicesResponse } from '@aws-sdk/client-ecs';
import { serviceArn } from '../../domain/arn.js';
import { invalidParameter } from '../../domain/errors.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';
import { serviceNameParam } from './resolve-service.js';
import { serviceView, type ServiceView } from './service-view.js';

export async function describeServices(input: DescribeServicesRequest, ctx: AppContext): Promise<{ services: ServiceView[]; failures: Failure[] }> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.services!.length > 10) throw invalidParameter('At most 10 services can be described at once.');
  const failures: Failure[] = [];
  const names: string[] = [];
  for (const value of input.services!) {
    const name = serviceNameParam(value, cluster.clusterName);
    if (name) names.push(name);
    else failures.push({ arn: value, reason: 'MISSING' });
  }
  const found = await ctx.services.getMany(cluster.clusterName, names);
  for (const n of names) if (!found.has(n)) failures.push({ arn: serviceArn(ctx.arn, cluster.clusterName, n), reason: 'MISSING' });
  return { services: names.filter((n) => found.has(n)).map((n) => serviceView(found.get(n)!.record, input.include ?? [])), failures };
}

export async function listServices(input: ListServicesRequest, ctx: AppContext): Promise<ListServicesResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.launchType === 'FARGATE' || input.schedulingStrategy === 'DAEMON') return { serviceArns: [] };
  // ECS pages ListServices 10 at a time unless asked for more.
  const page = await ctx.services.listNames(cluster.clusterName, { limit: input.maxResults === undefined ? 10 : pageLimit(input.maxResults), nextToken: input.nextToken });
  return { serviceArns: page.items.map((n) => serviceArn(ctx.arn, cluster.clusterName, n)), nextToken: page.nextToken };
}
