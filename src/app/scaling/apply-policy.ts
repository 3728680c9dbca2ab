/**
 * A scaling policy fired by its alarm: the new capacity from the metric
 * (target tracking: proportional to the latest value against the target;
 * step: the step that holds the aggregated breach), then min/max, cooldowns,
 * suspended scaling and ECS's rule that a service mid-deployment does not
 * scale in, then the change through changeCapacity.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { aggregate, stepCapacity, stepFor, targetTrackingCapacity, type AdjustmentType } from '../../domain/scaling/capacity.js';
import { parseServiceResourceId } from '../../domain/scaling/ecs-scalable.js';
import type { LastScaling, ScalableTargetRecord, ScalingPolicyRecord } from '../../domain/scaling/records.js';
import { parseTargetTrackingAlarmName } from '../../domain/scaling/target-tracking-alarms.js';
import type { ServiceRecord } from '../../domain/service.js';
import type { MetricQuery } from '../../ports/cloudwatch.js';
import type { AppContext } from '../context.js';
import { changeCapacity, type CapacityDecision, type CapacityOutcome } from './change-capacity.js';

/** Application Auto Scaling's default cooldown for ECS services, when a policy sets none. */
export const DEFAULT_COOLDOWN_S = 300;

export interface ScalingLog {
  info(message: string, detail?: Record<string, unknown>): void;
}

/** ECS: while a deployment is in progress, Application Auto Scaling does not scale in (scale-out continues). */
export const midDeployment = (s: ServiceRecord) =>
  s.deployments.length > 1 || s.deployments.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS');

const within = (last: LastScaling | undefined, cooldownS: number, now: number) => last !== undefined && now - last.at < cooldownS * 1000;

const alarmMetric = (a: MetricAlarm): MetricQuery => ({
  Namespace: a.Namespace!,
  MetricName: a.MetricName!,
  Dimensions: a.Dimensions ?? [],
  Statistic: a.Statistic!,
  ...(a.Unit ? { Unit: a.Unit } : {}),
});

interface Proposal {
  direction: 'out' | 'in';
  /** The capacity the policy asks for, from `current` (or, during a scale-out cooldown, from before the last scale-out). */
  desired: (from: number) => number;
  cooldownS: number;
}

/** What the policy asks for, given the metric; undefined when the metric gives nothing to act on. */
async function propose(ctx: AppContext, policy: ScalingPolicyRecord, alarm: MetricAlarm, log: ScalingLog): Promise<Proposal | undefined> {
  const now = ctx.clock.now();
  if (policy.targetTracking) {
    const tt = policy.targetTracking;
    const which = parseTargetTrackingAlarmName(alarm.AlarmName!)?.which;
    if (!which) return undefined;
    const points = await ctx.cloudwatch.recentValues(alarmMetric(alarm), alarm.Period!, 3, now);
    const metric = points.at(-1)?.value;
    if (metric === undefined) {
      log.info('no recent datapoint for the policy metric', { policy: policy.policyArn, alarm: alarm.AlarmName });
      return undefined;
    }
    const direction = which === 'High' ? 'out' : 'in';
    if (direction === 'in' && tt.DisableScaleIn) return undefined;
    return {
      direction,
      desired: (from) => targetTrackingCapacity(from, metric, tt.TargetValue!, direction),
      cooldownS: (direction === 'out' ? tt.ScaleOutCooldown : tt.ScaleInCooldown) ?? DEFAULT_COOLDOWN_S,
    };
  }
  const step = policy.stepScaling!;
  // The alarm's evaluation periods, found back to one period earlier: an asynchronous invocation may run in
  // the period after the one the alarm evaluated (a single datapoint put once must still count).
  const periods = alarm.EvaluationPeriods ?? 1;
  const points = (await ctx.cloudwatch.recentValues(alarmMetric(alarm), alarm.Period!, periods + 1, now)).slice(-periods);
  const value = aggregate(
    points.map((p) => p.value),
    step.MetricAggregationType,
  );
  if (value === undefined) {
    log.info('no recent datapoint for the alarm metric', { policy: policy.policyArn, alarm: alarm.AlarmName });
    return undefined;
  }
  const adjustment = stepFor(step.StepAdjustments ?? [], value - alarm.Threshold!);
  if (!adjustment) {
    log.info('no step adjustment covers the breach', { policy: policy.policyArn, value, threshold: alarm.Threshold });
    return undefined;
  }
  const desired = (from: number) =>
    stepCapacity(from, step.AdjustmentType as AdjustmentType, adjustment.ScalingAdjustment!, step.MinAdjustmentMagnitude);
  return {
    direction: adjustment.ScalingAdjustment! >= 0 || step.AdjustmentType === 'ExactCapacity' ? 'out' : 'in',
    desired,
    cooldownS: step.Cooldown ?? DEFAULT_COOLDOWN_S,
  };
}

/** The decision for one service state (re-made on every commit attempt). */
export function decide(
  p: Proposal,
  policy: ScalingPolicyRecord,
  cause: string,
  service: ServiceRecord,
  target: ScalableTargetRecord,
  now: number,
): CapacityDecision {
  const current = service.desiredCount;
  let desired = p.desired(current);
  // ExactCapacity can point either way; the direction is where it goes from here.
  const direction = desired > current ? 'out' : desired < current ? 'in' : p.direction;
  if (direction === 'out') {
    if (target.suspendedState.DynamicScalingOutSuspended) return undefined;
    if (within(target.lastScaleOut, p.cooldownS, now)) {
      // The capacity the last scale-out added counts toward this one, so it is not added twice.
      desired = p.desired(target.lastScaleOut!.from);
      if (desired <= current) return undefined;
    }
  } else {
    if (target.suspendedState.DynamicScalingInSuspended) return undefined;
    if (within(target.lastScaleIn, p.cooldownS, now)) return undefined;
    if (midDeployment(service)) return undefined;
  }
  const bounded = Math.min(target.maxCapacity, Math.max(target.minCapacity, desired));
  if (bounded === current) {
    const code =
      direction === 'out' && current >= target.maxCapacity
        ? 'AlreadyAtMaxCapacity'
        : direction === 'in' && current <= target.minCapacity
          ? 'AlreadyAtMinCapacity'
          : 'AlreadyAtDesiredCapacity';
    return { kind: 'not-scaled', code, cause, policyName: policy.policyName, desired };
  }
  return { kind: 'scale', desired: bounded, cause, policyName: policy.policyName };
}

/** Applies `policy` because `alarm` (as CloudWatch describes it now) is in the state that runs it. */
export async function applyPolicy(
  ctx: AppContext,
  policy: ScalingPolicyRecord,
  alarm: MetricAlarm,
  log: ScalingLog,
): Promise<CapacityOutcome> {
  const service = parseServiceResourceId(policy.resourceId);
  if (!service) return {};
  const proposal = await propose(ctx, policy, alarm, log);
  if (!proposal) return {};
  const cause = `monitor alarm ${alarm.AlarmName} in state ${alarm.StateValue} triggered policy ${policy.policyName}`;
  const ref = { namespace: policy.serviceNamespace, dimension: policy.scalableDimension, resourceId: policy.resourceId, ...service };
  const outcome = await changeCapacity(ctx, ref, (s, t) => decide(proposal, policy, cause, s, t, ctx.clock.now()));
  if (outcome.activity) log.info('scaling activity', { resourceId: policy.resourceId, description: outcome.activity.description, cause });
  return outcome;
}
