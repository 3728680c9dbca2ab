import { ECS_DESIRED_COUNT, ECS_NAMESPACE, parseServiceResourceId, type ServiceResource } from '../../domain/scaling/ecs-scalable.js';
import type { ScalableRef, VersionedTarget } from '../../ports/scaling-repository.js';
import type { AppContext } from '../context.js';
import { aasErrors } from './errors.js';

export interface ScalableInput {
  ServiceNamespace?: string;
  ResourceId?: string;
  ScalableDimension?: string;
}

/**
 * What a request scales, checked: Berth scales ECS services' desired count
 * and refuses any other namespace, dimension or resource type (rather than
 * storing a target it would never act on).
 */
export function scalableRef(input: ScalableInput): ScalableRef & ServiceResource {
  if (input.ServiceNamespace !== ECS_NAMESPACE) {
    throw aasErrors.validation(
      `Unsupported service namespace ${input.ServiceNamespace}: Berth's Application Auto Scaling scales ECS services (ServiceNamespace ecs).`,
    );
  }
  if (input.ScalableDimension !== ECS_DESIRED_COUNT) {
    throw aasErrors.validation(`Unsupported scalable dimension ${input.ScalableDimension} for namespace ecs: use ${ECS_DESIRED_COUNT}.`);
  }
  const service = parseServiceResourceId(input.ResourceId!);
  if (!service)
    throw aasErrors.validation(`Unsupported resource ID ${input.ResourceId}: an ECS service is service/<cluster name>/<service name>.`);
  return { namespace: ECS_NAMESPACE, dimension: ECS_DESIRED_COUNT, resourceId: input.ResourceId!, ...service };
}

export const notRegistered = (ref: ScalableRef) =>
  aasErrors.notFound(
    `No scalable target registered for service namespace: ${ref.namespace}, resource ID: ${ref.resourceId}, scalable dimension: ${ref.dimension}`,
  );

export async function requireTarget(ctx: AppContext, ref: ScalableRef): Promise<VersionedTarget> {
  const target = await ctx.scaling.getTarget(ref);
  if (!target) throw notRegistered(ref);
  return target;
}

/** MaxResults: Application Auto Scaling answers up to 50 per page. */
export function pageLimit(maxResults: number | undefined): number {
  if (maxResults === undefined) return 50;
  if (maxResults < 1 || maxResults > 50) throw aasErrors.validation(`MaxResults must be between 1 and 50, got ${maxResults}.`);
  return maxResults;
}
