/**
 * How every scaling decision reaches the service: through reviseService, the
 * same read-modify-write as UpdateService, so a decision is always made on
 * the service as it is at commit time. The desired count, the service event,
 * the scalable target's cooldown bookkeeping and the activity are written in
 * one transaction; a lost race re-decides on fresh reads.
 */
import type { ScalableTargetRecord, ScalingActivityRecord } from '../../domain/scaling/records.js';
import type { ServiceResource } from '../../domain/scaling/ecs-scalable.js';
import type { ServiceRecord } from '../../domain/service.js';
import type { ScalableRef } from '../../ports/scaling-repository.js';
import { appendEvents } from '../../scheduler/reconcile/events.js';
import type { AppContext } from '../context.js';
import { reviseService, withDesiredCount } from '../services/revise-service.js';

export type CapacityDecision =
  /** Set the desired count; a policy's change (not min/max enforcement) starts its direction's cooldown. */
  | { kind: 'scale'; desired: number; cause: string; policyName?: string }
  /** Record why nothing changed (shown with IncludeNotScaledActivities), once per policy and reason in a row. */
  | { kind: 'not-scaled'; code: string; cause: string; policyName: string; desired: number }
  /** Nothing to do, nothing to record (cooldown, suspended, stale alarm). */
  | undefined;

export interface CapacityOutcome {
  activity?: ScalingActivityRecord;
  service?: ServiceRecord;
}

export async function changeCapacity(
  ctx: AppContext,
  ref: ScalableRef & ServiceResource,
  decide: (service: ServiceRecord, target: ScalableTargetRecord) => CapacityDecision,
): Promise<CapacityOutcome> {
  let outcome: CapacityOutcome = {};
  await reviseService(ctx, ref.cluster, ref.service, async (record) => {
    const target = await ctx.scaling.getTarget(ref);
    if (!target) return undefined; // deregistered meanwhile: nothing scales it any more
    const decision = decide(record, target.record);
    if (!decision) return undefined;
    const now = ctx.clock.now();
    const current = record.desiredCount;
    const base = {
      activityId: ctx.ids.uuid(),
      serviceNamespace: ref.namespace,
      resourceId: ref.resourceId,
      scalableDimension: ref.dimension,
      description: `Setting desired count to ${decision.desired}.`,
      cause: decision.cause,
      startTime: now / 1000,
      endTime: now / 1000,
    };
    if (decision.kind === 'not-scaled') {
      const last = target.record.lastNotScaled;
      if (last?.policyName === decision.policyName && last.code === decision.code) return undefined;
      const activity: ScalingActivityRecord = {
        ...base,
        statusCode: 'Successful',
        statusMessage: `Failed to set desired count to ${decision.desired}: ${decision.code}.`,
        notScaledReasons: [
          { Code: decision.code, MinCapacity: target.record.minCapacity, MaxCapacity: target.record.maxCapacity, CurrentCapacity: current },
        ],
      };
      // Informational: a lost race here is not retried (the next evaluation records it if it still holds).
      if (
        await ctx.scaling.commit({
          target: {
            record: { ...target.record, lastNotScaled: { policyName: decision.policyName, code: decision.code } },
            version: target.version,
          },
          activity,
        })
      ) {
        outcome = { activity };
      }
      return undefined;
    }
    const desired = decision.desired;
    const direction = desired > current ? 'out' : 'in';
    const activity: ScalingActivityRecord = {
      ...base,
      statusCode: 'Successful',
      statusMessage: `Successfully set desired count to ${desired}. Change successfully fulfilled by ecs.`,
    };
    const step = { at: now, from: current, to: desired };
    const nextTarget: ScalableTargetRecord = {
      ...target.record,
      ...(decision.policyName === undefined ? {} : direction === 'out' ? { lastScaleOut: step } : { lastScaleIn: step }),
      lastNotScaled: undefined,
    };
    const message = `(service ${record.serviceName}) was scaled ${direction} from ${current} to ${desired} tasks by Application Auto Scaling: ${decision.cause}.`;
    const next: ServiceRecord = {
      ...withDesiredCount(record, desired, now),
      events: appendEvents(record.events, [message], now / 1000, ctx.ids.uuid),
    };
    return {
      next,
      commit: async (svc, version) => {
        const ok = await ctx.scaling.commit({
          target: { record: nextTarget, version: target.version },
          activity,
          service: { record: svc, version },
        });
        if (ok) outcome = { activity, service: svc };
        return ok;
      },
    };
  });
  return outcome;
}

/** Min and max as bounds on the desired count (RegisterScalableTarget and scheduled actions apply them at once, as AWS does). */
export function enforceBounds(ctx: AppContext, ref: ScalableRef & ServiceResource): Promise<CapacityOutcome> {
  return changeCapacity(ctx, ref, (service, target) => {
    if (service.desiredCount < target.minCapacity) {
      return { kind: 'scale', desired: target.minCapacity, cause: `minimum capacity was set to ${target.minCapacity}` };
    }
    if (service.desiredCount > target.maxCapacity) {
      return { kind: 'scale', desired: target.maxCapacity, cause: `maximum capacity was set to ${target.maxCapacity}` };
    }
    return undefined;
  });
}
