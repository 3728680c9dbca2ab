import type { ListContainerInstancesRequest, ListContainerInstancesResponse } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';
import { compileCql, CqlSyntaxError, MAX_EXPRESSION_LENGTH } from '../../scheduler/placement/index.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';
import { placementInstance } from './instance-view.js';
import { pageAfter } from './page-after.js';

export async function listContainerInstances(
  input: ListContainerInstancesRequest,
  ctx: AppContext,
): Promise<ListContainerInstancesResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const limit = pageLimit(input.maxResults);
  let filter: ((i: ReturnType<typeof placementInstance>) => boolean) | undefined;
  if (input.filter) {
    if (input.filter.length > MAX_EXPRESSION_LENGTH) throw invalidParameter(`filter must be at most ${MAX_EXPRESSION_LENGTH} characters.`);
    try {
      filter = compileCql(input.filter);
    } catch (err) {
      if (err instanceof CqlSyntaxError) throw invalidParameter(`Invalid filter expression: ${err.message}`);
      throw err;
    }
  }
  const now = ctx.clock.now();
  // ECS lists ACTIVE and DRAINING instances unless a status is asked for.
  const statuses = input.status ? [input.status] : ['ACTIVE', 'DRAINING'];
  const all = (await ctx.instances.listAll(cluster.clusterName))
    .filter((r) => statuses.includes(r.status))
    .filter((r) => !filter || filter(placementInstance(r, now, ctx.settings.agentTimeoutMs)))
    .sort((a, b) => a.id.localeCompare(b.id));
  const page = pageAfter(all, (r) => r.id, limit, input.nextToken);
  return { containerInstanceArns: page.items.map((r) => r.arn), nextToken: page.nextToken };
}
