import type { DescribeScalingActivitiesRequest } from '@aws-sdk/client-application-auto-scaling';
import { ECS_DESIRED_COUNT, ECS_NAMESPACE, parseServiceResourceId } from '../../domain/scaling/ecs-scalable.js';
import type { AppContext } from '../context.js';
import { pageLimit } from './resolve.js';
import { scalingActivityView } from './views.js';

/** Newest first; "not scaled" outcomes only with IncludeNotScaledActivities. */
export async function describeScalingActivities(input: DescribeScalingActivitiesRequest, ctx: AppContext) {
  const limit = pageLimit(input.MaxResults);
  if (input.ServiceNamespace !== ECS_NAMESPACE) return { ScalingActivities: [] };
  if (input.ResourceId !== undefined && !parseServiceResourceId(input.ResourceId)) return { ScalingActivities: [] };
  const page = await ctx.scaling.listActivities({
    namespace: ECS_NAMESPACE,
    dimension: input.ScalableDimension ?? ECS_DESIRED_COUNT,
    resourceId: input.ResourceId,
    includeNotScaled: input.IncludeNotScaledActivities ?? false,
    limit,
    nextToken: input.NextToken,
  });
  return { ScalingActivities: page.items.map(scalingActivityView), NextToken: page.nextToken };
}
