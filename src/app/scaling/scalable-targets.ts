/** RegisterScalableTarget, DeregisterScalableTarget, DescribeScalableTargets. */
import type {
  DeregisterScalableTargetRequest,
  DescribeScalableTargetsRequest,
  RegisterScalableTargetRequest,
} from '@aws-sdk/client-application-auto-scaling';
import { ECS_DESIRED_COUNT, ECS_NAMESPACE, ecsScalingRoleArn } from '../../domain/scaling/ecs-scalable.js';
import type { ScalableTargetRecord } from '../../domain/scaling/records.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import type { AppContext } from '../context.js';
import { enforceBounds } from './change-capacity.js';
import { aasErrors } from './errors.js';
import { notRegistered, pageLimit, scalableRef } from './resolve.js';
import { scalableTargetView } from './views.js';

export async function registerScalableTarget(input: RegisterScalableTargetRequest, ctx: AppContext): Promise<Record<string, never>> {
  const ref = scalableRef(input);
  const role = ecsScalingRoleArn(ctx.arn.accountId);
  if (input.RoleARN !== undefined && input.RoleARN !== role) {
    throw aasErrors.validation(
      `RoleARN must be omitted or be the ECS service-linked role ${role}: Berth scales services itself and assumes no other role.`,
    );
  }
  const service = await ctx.services.get(ref.cluster, ref.service);
  if (!service || service.record.status !== 'ACTIVE') throw aasErrors.validation(`ECS service doesn't exist: ${ref.resourceId}`);
  return retryOnConflict(
    `RegisterScalableTarget ${ref.resourceId}`,
    ctx.conflictRetry,
    async () => {
      const existing = await ctx.scaling.getTarget(ref);
      if (!existing && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) {
        throw aasErrors.validation('MinCapacity and MaxCapacity are required to register a new scalable target.');
      }
      const min = input.MinCapacity ?? existing!.record.minCapacity;
      const max = input.MaxCapacity ?? existing!.record.maxCapacity;
      if (min < 0 || max < 0) throw aasErrors.validation('MinCapacity and MaxCapacity must not be negative.');
      if (min > max) throw aasErrors.validation(`Minimum capacity (${min}) cannot be greater than maximum capacity (${max}).`);
      const previous = existing?.record.suspendedState;
      const record: ScalableTargetRecord = {
        ...(existing?.record ?? {
          serviceNamespace: ECS_NAMESPACE,
          resourceId: ref.resourceId,
          scalableDimension: ECS_DESIRED_COUNT,
          targetId: ctx.ids.uuid(),
          roleArn: role,
          creationTime: ctx.clock.now() / 1000,
        }),
        minCapacity: min,
        maxCapacity: max,
        suspendedState: {
          DynamicScalingInSuspended: input.SuspendedState?.DynamicScalingInSuspended ?? previous?.DynamicScalingInSuspended ?? false,
          DynamicScalingOutSuspended: input.SuspendedState?.DynamicScalingOutSuspended ?? previous?.DynamicScalingOutSuspended ?? false,
          ScheduledScalingSuspended: input.SuspendedState?.ScheduledScalingSuspended ?? previous?.ScheduledScalingSuspended ?? false,
        },
      };
      if (!(await ctx.scaling.putTarget(record, existing?.version))) return CONFLICT;
      await enforceBounds(ctx, ref);
      return {};
    },
    () => {
      throw aasErrors.concurrent();
    },
  );
}

export async function deregisterScalableTarget(input: DeregisterScalableTargetRequest, ctx: AppContext): Promise<Record<string, never>> {
  const ref = scalableRef(input);
  return retryOnConflict(
    `DeregisterScalableTarget ${ref.resourceId}`,
    ctx.conflictRetry,
    async () => {
      const target = await ctx.scaling.getTarget(ref);
      if (!target) throw notRegistered(ref);
      // Policies go with their target, and their alarms with them (as on AWS).
      const policies = (await ctx.scaling.listPolicies({ ...ref, limit: 1000 })).items;
      if (!(await ctx.scaling.deleteTarget(ref, target.version))) return CONFLICT;
      const alarms = policies.flatMap((p) => p.alarms.map((a) => a.AlarmName));
      if (alarms.length) await ctx.cloudwatch.deleteAlarms(alarms);
      return {};
    },
    () => {
      throw aasErrors.concurrent();
    },
  );
}

export async function describeScalableTargets(input: DescribeScalableTargetsRequest, ctx: AppContext) {
  const limit = pageLimit(input.MaxResults);
  // Berth scales ECS services only: there are no targets in any other namespace.
  if (input.ServiceNamespace !== ECS_NAMESPACE) return { ScalableTargets: [] };
  const page = await ctx.scaling.listTargets({
    namespace: ECS_NAMESPACE,
    dimension: input.ScalableDimension ?? ECS_DESIRED_COUNT,
    resourceIds: input.ResourceIds,
    limit,
    nextToken: input.NextToken,
  });
  return { ScalableTargets: page.items.map(scalableTargetView), NextToken: page.nextToken };
}
