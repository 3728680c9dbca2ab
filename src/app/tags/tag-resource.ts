import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from '@aws-sdk/client-ecs';
import { parseArn } from '../../domain/arn.js';
import { clusterNotFound, invalidParameter, resourceNotFound } from '../../domain/errors.js';
import { checkTags, mergeTags, removeTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';

function target(ctx: AppContext, resourceArn: string) {
  const arn = parseArn(resourceArn);
  if (!arn || arn.region !== ctx.arn.region || arn.accountId !== ctx.arn.accountId) {
    throw invalidParameter(`The ARN "${resourceArn}" is not a valid ECS resource ARN in this region and account.`);
  }
  const taggable = ctx.taggables[arn.kind];
  if (!taggable) throw invalidParameter(`Resources of type ${arn.kind} cannot be tagged.`);
  const missing = () => (arn.kind === 'cluster' ? clusterNotFound() : resourceNotFound());
  return { taggable, resource: arn.resource, missing };
}

export async function tagResource(input: TagResourceRequest, ctx: AppContext): Promise<Wire<TagResourceResponse>> {
  const { taggable, resource, missing } = target(ctx, input.resourceArn!);
  checkTags(input.tags!);
  if (!(await taggable.setTags(resource, (current) => mergeTags(current, input.tags!)))) throw missing();
  return {};
}

export async function untagResource(input: UntagResourceRequest, ctx: AppContext): Promise<Wire<UntagResourceResponse>> {
  const { taggable, resource, missing } = target(ctx, input.resourceArn!);
  if (!(await taggable.setTags(resource, (current) => removeTags(current, input.tagKeys!)))) throw missing();
  return {};
}

export async function listTagsForResource(input: ListTagsForResourceRequest, ctx: AppContext): Promise<Wire<ListTagsForResourceResponse>> {
  const { taggable, resource, missing } = target(ctx, input.resourceArn!);
  const tags = await taggable.tags(resource);
  if (!tags) throw missing();
  return { tags };
}
