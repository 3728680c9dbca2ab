import type {
  ListTaskDefinitionFamiliesRequest,
  ListTaskDefinitionFamiliesResponse,
  ListTaskDefinitionsRequest,
  ListTaskDefinitionsResponse,
} from '@aws-sdk/client-ecs';
import { taskDefinitionArn } from '../../domain/arn.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';

export async function listTaskDefinitions(input: ListTaskDefinitionsRequest, ctx: AppContext): Promise<Wire<ListTaskDefinitionsResponse>> {
  const page = await ctx.taskDefinitions.list({
    status: input.status === 'INACTIVE' ? 'INACTIVE' : input.status === 'DELETE_IN_PROGRESS' ? 'DELETE_IN_PROGRESS' : 'ACTIVE',
    family: input.familyPrefix,
    descending: input.sort === 'DESC',
    limit: pageLimit(input.maxResults),
    nextToken: input.nextToken,
  });
  return { taskDefinitionArns: page.items.map((i) => taskDefinitionArn(ctx.arn, i.family, i.revision)), nextToken: page.nextToken };
}

export async function listTaskDefinitionFamilies(
  input: ListTaskDefinitionFamiliesRequest,
  ctx: AppContext,
): Promise<Wire<ListTaskDefinitionFamiliesResponse>> {
  const page = await ctx.taskDefinitions.listFamilies({
    prefix: input.familyPrefix,
    status: input.status ?? 'ACTIVE',
    limit: pageLimit(input.maxResults),
    nextToken: input.nextToken,
  });
  return { families: page.items, nextToken: page.nextToken };
}
