/**
 * PutScheduledAction, DeleteScheduledAction, DescribeScheduledActions, and
 * running the actions that are due (the scaling schedule, every period): a
 * run sets the target's min/max, records the activity and moves the action
 * to its next run in one transaction (run once, whoever else runs the
 * schedule), then brings the desired count inside the new bounds.
 */
import type {
  DeleteScheduledActionRequest,
  DescribeScheduledActionsRequest,
  PutScheduledActionRequest,
} from '@aws-sdk/client-application-auto-scaling';
import { scheduledActionArn } from '../../domain/scaling/arns.js';
import { ECS_DESIRED_COUNT, ECS_NAMESPACE, parseServiceResourceId } from '../../domain/scaling/ecs-scalable.js';
import type { ScalingActivityRecord, ScheduledActionRecord } from '../../domain/scaling/records.js';
import { checkTimezone, nextRun, parseSchedule, ScheduleError } from '../../domain/scaling/schedule-expression.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import type { AppContext } from '../context.js';
import { enforceBounds } from './change-capacity.js';
import { aasErrors } from './errors.js';
import { pageLimit, requireTarget, scalableRef } from './resolve.js';
import { scheduledActionView } from './views.js';

/** Application Auto Scaling's quota of scheduled actions per scalable target. */
const MAX_SCHEDULED_PER_TARGET = 200;

const windowOf = (a: Pick<ScheduledActionRecord, 'timezone' | 'startTime' | 'endTime' | 'creationTime'>) => ({
  timezone: a.timezone,
  startTime: a.startTime === undefined ? undefined : a.startTime * 1000,
  endTime: a.endTime === undefined ? undefined : a.endTime * 1000,
  createdAt: a.creationTime * 1000,
});

export async function putScheduledAction(input: PutScheduledActionRequest, ctx: AppContext): Promise<Record<string, never>> {
  const ref = scalableRef(input);
  const action = input.ScalableTargetAction;
  if (action?.MinCapacity === undefined && action?.MaxCapacity === undefined) {
    throw aasErrors.validation('ScalableTargetAction needs a MinCapacity, a MaxCapacity or both.');
  }
  if (action.MinCapacity !== undefined && action.MaxCapacity !== undefined && action.MinCapacity > action.MaxCapacity) {
    throw aasErrors.validation(`Minimum capacity (${action.MinCapacity}) cannot be greater than maximum capacity (${action.MaxCapacity}).`);
  }
  if ((action.MinCapacity ?? 0) < 0 || (action.MaxCapacity ?? 0) < 0)
    throw aasErrors.validation('MinCapacity and MaxCapacity must not be negative.');
  const startTime = input.StartTime === undefined ? undefined : Number(input.StartTime);
  const endTime = input.EndTime === undefined ? undefined : Number(input.EndTime);
  if (startTime !== undefined && endTime !== undefined && startTime >= endTime)
    throw aasErrors.validation('StartTime must be before EndTime.');

  return retryOnConflict(
    `PutScheduledAction ${input.ScheduledActionName}`,
    ctx.conflictRetry,
    async () => {
      const target = await requireTarget(ctx, ref);
      const previous = await ctx.scaling.getScheduledAction(ref, input.ScheduledActionName!);
      const schedule = input.Schedule ?? previous?.schedule;
      if (!schedule) throw aasErrors.validation('Schedule is required to create a scheduled action.');
      const timezone = input.Timezone ?? previous?.timezone;
      let parsed;
      try {
        parsed = parseSchedule(schedule);
        if (timezone) checkTimezone(timezone);
      } catch (err) {
        if (err instanceof ScheduleError) throw aasErrors.validation(err.message);
        throw err;
      }
      if (
        !previous &&
        (await ctx.scaling.listScheduledActions({ ...ref, limit: MAX_SCHEDULED_PER_TARGET })).items.length >= MAX_SCHEDULED_PER_TARGET
      ) {
        throw aasErrors.limit(`A scalable target can have at most ${MAX_SCHEDULED_PER_TARGET} scheduled actions.`);
      }
      const now = ctx.clock.now();
      const record: ScheduledActionRecord = {
        scheduledActionName: input.ScheduledActionName!,
        scheduledActionArn: scheduledActionArn(ctx.arn, target.record.targetId, ref.namespace, ref.resourceId, input.ScheduledActionName!),
        serviceNamespace: ref.namespace,
        resourceId: ref.resourceId,
        scalableDimension: ref.dimension,
        schedule,
        ...(timezone ? { timezone } : {}),
        ...(startTime !== undefined ? { startTime } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
        scalableTargetAction: {
          ...(action.MinCapacity !== undefined ? { MinCapacity: action.MinCapacity } : {}),
          ...(action.MaxCapacity !== undefined ? { MaxCapacity: action.MaxCapacity } : {}),
        },
        creationTime: previous?.creationTime ?? now / 1000,
      };
      record.nextRunAt = nextRun(parsed, now, windowOf(record));
      if (record.nextRunAt === undefined) {
        throw aasErrors.validation(
          `The schedule ${schedule} has no run after now${endTime !== undefined ? ' and before EndTime' : ''}: it would never run.`,
        );
      }
      return (await ctx.scaling.putScheduledAction(record, target)) ? {} : CONFLICT;
    },
    () => {
      throw aasErrors.concurrent();
    },
  );
}

export async function deleteScheduledAction(input: DeleteScheduledActionRequest, ctx: AppContext): Promise<Record<string, never>> {
  const ref = scalableRef(input);
  const action = await ctx.scaling.getScheduledAction(ref, input.ScheduledActionName!);
  if (!action) {
    throw aasErrors.notFound(
      `No scheduled action found for service namespace: ${ref.namespace}, resource ID: ${ref.resourceId}, scalable dimension: ${ref.dimension}, scheduled action name: ${input.ScheduledActionName}`,
    );
  }
  await ctx.scaling.deleteScheduledAction(action);
  return {};
}

export async function describeScheduledActions(input: DescribeScheduledActionsRequest, ctx: AppContext) {
  const limit = pageLimit(input.MaxResults);
  if (input.ServiceNamespace !== ECS_NAMESPACE) return { ScheduledActions: [] };
  if (input.ResourceId !== undefined && !parseServiceResourceId(input.ResourceId)) return { ScheduledActions: [] };
  const page = await ctx.scaling.listScheduledActions({
    namespace: ECS_NAMESPACE,
    dimension: input.ScalableDimension ?? ECS_DESIRED_COUNT,
    resourceId: input.ResourceId,
    names: input.ScheduledActionNames,
    limit,
    nextToken: input.NextToken,
  });
  return { ScheduledActions: page.items.map(scheduledActionView), NextToken: page.nextToken };
}

/** "min capacity to 2 and max capacity to 5", as Application Auto Scaling words it. */
const boundsText = (min?: number, max?: number) =>
  [min !== undefined ? `min capacity to ${min}` : '', max !== undefined ? `max capacity to ${max}` : ''].filter(Boolean).join(' and ');

/** Runs one due scheduled action; false when someone else ran it first or the target changed (it stays due). */
export async function runScheduledAction(ctx: AppContext, action: ScheduledActionRecord): Promise<boolean> {
  const ref = {
    namespace: action.serviceNamespace,
    dimension: action.scalableDimension,
    resourceId: action.resourceId,
    ...parseServiceResourceId(action.resourceId)!,
  };
  const target = await ctx.scaling.getTarget(ref);
  const now = ctx.clock.now();
  const next = { ...action, nextRunAt: nextRun(parseSchedule(action.schedule), now, windowOf(action)) };
  const scheduled = { action: next, expectedNextRunAt: action.nextRunAt! };
  if (!target) return false; // its target is gone (and the action with it)
  const { MinCapacity, MaxCapacity } = action.scalableTargetAction;
  if (target.record.suspendedState.ScheduledScalingSuspended) {
    // Suspended: this run is skipped, the next one stays scheduled.
    return ctx.scaling.commit({ target, scheduled });
  }
  const min = MinCapacity ?? target.record.minCapacity;
  const max = MaxCapacity ?? target.record.maxCapacity;
  const text = boundsText(MinCapacity, MaxCapacity);
  const activity: ScalingActivityRecord = {
    activityId: ctx.ids.uuid(),
    serviceNamespace: ref.namespace,
    resourceId: ref.resourceId,
    scalableDimension: ref.dimension,
    description: `Setting ${text}`,
    cause: `scheduled action name ${action.scheduledActionName} was triggered`,
    startTime: now / 1000,
    endTime: now / 1000,
    ...(min > max
      ? {
          statusCode: 'Failed' as const,
          statusMessage: `Failed to set ${text}: the minimum capacity would exceed the maximum (${min} > ${max}).`,
        }
      : { statusCode: 'Successful' as const, statusMessage: `Successfully set ${text}` }),
  };
  const record = min > max ? target.record : { ...target.record, minCapacity: min, maxCapacity: max };
  if (!(await ctx.scaling.commit({ target: { record, version: target.version }, activity, scheduled }))) return false;
  if (min <= max) await enforceBounds(ctx, ref);
  return true;
}
