import type {
  Attribute,
  DeleteAttributesRequest,
  DeleteAttributesResponse,
  ListAttributesRequest,
  ListAttributesResponse,
  PutAttributesRequest,
  PutAttributesResponse,
} from '@aws-sdk/client-ecs';
import { EcsError, invalidParameter } from '../../domain/errors.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';
import { checkAttributes, upsertAttributes } from './attributes.js';
import { pageAfter } from './page-after.js';
import { markDaemonsDirty } from '../services/daemon-attention.js';
import { instanceIdParam } from './resolve-instance.js';

const MAX_ATTRIBUTES_PER_CALL = 10;
const targetNotFound = (target: string) => new EcsError('TargetNotFoundException', `Could not find the target ${target}.`);

/** Attributes grouped by their target instance (targetId as id or ARN). */
function byTarget(attributes: readonly Attribute[], cluster: string) {
  const groups = new Map<string, Attribute[]>();
  for (const a of attributes) {
    if ((a.targetType ?? 'container-instance') !== 'container-instance') throw invalidParameter('targetType must be container-instance.');
    if (!a.targetId) throw invalidParameter(`Attribute ${a.name} needs a targetId.`);
    const id = instanceIdParam(a.targetId, cluster);
    if (!id) throw targetNotFound(a.targetId);
    groups.set(id, [...(groups.get(id) ?? []), a]);
  }
  return groups;
}

export async function putAttributes(input: PutAttributesRequest, ctx: AppContext): Promise<PutAttributesResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.attributes!.length > MAX_ATTRIBUTES_PER_CALL)
    throw new EcsError('AttributeLimitExceededException', `At most ${MAX_ATTRIBUTES_PER_CALL} attributes per call.`);
  checkAttributes(input.attributes!);
  const groups = byTarget(input.attributes!, cluster.clusterName);
  for (const [id] of groups) if (!(await ctx.instances.get(cluster.clusterName, id))) throw targetNotFound(id);
  for (const [id, attrs] of groups) {
    if (!(await ctx.instances.updateAttributes(cluster.clusterName, id, (current) => upsertAttributes(current, attrs))))
      throw targetNotFound(id);
  }
  await markDaemonsDirty(ctx, cluster.clusterName, ctx.clock.now());
  ctx.reconcile.request(cluster.clusterName);
  return { attributes: input.attributes };
}

export async function deleteAttributes(input: DeleteAttributesRequest, ctx: AppContext): Promise<DeleteAttributesResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const groups = byTarget(input.attributes!, cluster.clusterName);
  for (const [id, attrs] of groups) {
    const names = new Set(attrs.map((a) => a.name));
    if (!(await ctx.instances.updateAttributes(cluster.clusterName, id, (current) => current.filter((a) => !names.has(a.name)))))
      throw targetNotFound(id);
  }
  // A daemon whose constraint no longer matches an instance must lose its task there: re-plan them although they look steady.
  await markDaemonsDirty(ctx, cluster.clusterName, ctx.clock.now());
  ctx.reconcile.request(cluster.clusterName);
  return { attributes: input.attributes };
}

export async function listAttributes(input: ListAttributesRequest, ctx: AppContext): Promise<ListAttributesResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.targetType !== 'container-instance') throw invalidParameter('targetType must be container-instance.');
  if (input.attributeValue !== undefined && input.attributeName === undefined)
    throw invalidParameter('attributeValue requires attributeName.');
  const limit = pageLimit(input.maxResults);
  const all = (await ctx.instances.listAll(cluster.clusterName))
    .filter((r) => r.status !== 'INACTIVE')
    .sort((a, b) => a.id.localeCompare(b.id))
    .flatMap((r) =>
      r.attributes
        .filter(
          (a) =>
            (input.attributeName === undefined || a.name === input.attributeName) &&
            (input.attributeValue === undefined || a.value === input.attributeValue),
        )
        .map((a) => ({
          attr: {
            name: a.name,
            ...(a.value !== undefined ? { value: a.value } : {}),
            targetType: 'container-instance' as const,
            targetId: r.arn,
          },
          key: `${r.id}\u0000${a.name}`,
        })),
    );
  const page = pageAfter(all, (x) => x.key, limit, input.nextToken);
  return { attributes: page.items.map((x) => x.attr), nextToken: page.nextToken };
}
