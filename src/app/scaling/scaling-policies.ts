/**
 * PutScalingPolicy, DeleteScalingPolicy, DescribeScalingPolicies. A
 * target-tracking policy owns its alarms: they are put in CloudWatch before
 * the policy is stored (an alarm without its policy only logs when it fires;
 * a policy without its alarms would never scale), keep their names when the
 * policy is updated, and are deleted after it.
 */
import type {
  DeleteScalingPolicyRequest,
  DescribeScalingPoliciesRequest,
  PutScalingPolicyRequest,
  StepScalingPolicyConfiguration,
  TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';
import type { Dimension, StandardUnit, Statistic } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE, PREDEFINED_ECS_METRICS, serviceDimensions } from '../../domain/metrics/ecs-metrics.js';
import { cloudwatchAlarmArn, scalingPolicyArn } from '../../domain/scaling/arns.js';
import { stepAdjustmentsProblem, type AdjustmentType } from '../../domain/scaling/capacity.js';
import { ECS_DESIRED_COUNT, ECS_NAMESPACE, parseServiceResourceId, type ServiceResource } from '../../domain/scaling/ecs-scalable.js';
import type { PolicyAlarm, PolicyType, ScalingPolicyRecord } from '../../domain/scaling/records.js';
import {
  parseTargetTrackingAlarmName,
  targetTrackingAlarms,
  type TargetTrackingAlarmSpec,
} from '../../domain/scaling/target-tracking-alarms.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import type { AppContext } from '../context.js';
import { aasErrors } from './errors.js';
import { pageLimit, requireTarget, scalableRef } from './resolve.js';
import { scalingPolicyView } from './views.js';

/** Application Auto Scaling's quota of scaling policies per scalable target. */
const MAX_POLICIES_PER_TARGET = 50;
/** Application Auto Scaling's accepted range for TargetValue. */
const MIN_TARGET = 8.51592e-109;
const MAX_TARGET = 6.174009e307;

function checkStep(c: StepScalingPolicyConfiguration | undefined): StepScalingPolicyConfiguration {
  if (!c) throw aasErrors.validation('StepScalingPolicyConfiguration is required for a StepScaling policy.');
  if (!c.AdjustmentType) throw aasErrors.validation('StepScalingPolicyConfiguration.AdjustmentType is required.');
  const problem = stepAdjustmentsProblem(c.StepAdjustments ?? [], c.AdjustmentType as AdjustmentType);
  if (problem) throw aasErrors.validation(problem);
  if (c.MinAdjustmentMagnitude !== undefined && c.AdjustmentType !== 'PercentChangeInCapacity') {
    throw aasErrors.validation('MinAdjustmentMagnitude may only be used with the PercentChangeInCapacity adjustment type.');
  }
  if (c.MinAdjustmentMagnitude !== undefined && c.MinAdjustmentMagnitude < 1)
    throw aasErrors.validation('MinAdjustmentMagnitude must be at least 1.');
  if (c.Cooldown !== undefined && c.Cooldown < 0) throw aasErrors.validation('Cooldown must not be negative.');
  return c;
}

interface TrackedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
  Statistic: Statistic;
  Unit?: StandardUnit;
}

function checkTargetTracking(c: TargetTrackingScalingPolicyConfiguration | undefined, service: ServiceResource): TrackedMetric {
  if (!c) throw aasErrors.validation('TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy.');
  if (!(c.TargetValue! >= MIN_TARGET && c.TargetValue! <= MAX_TARGET)) {
    throw aasErrors.validation(`TargetValue must be between ${MIN_TARGET} and ${MAX_TARGET}, got ${c.TargetValue}.`);
  }
  for (const k of ['ScaleOutCooldown', 'ScaleInCooldown'] as const) {
    if (c[k] !== undefined && c[k]! < 0) throw aasErrors.validation(`${k} must not be negative.`);
  }
  const predefined = c.PredefinedMetricSpecification;
  const custom = c.CustomizedMetricSpecification;
  if (!predefined === !custom) {
    throw aasErrors.validation('Specify exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification.');
  }
  if (predefined) {
    const metricName = PREDEFINED_ECS_METRICS[predefined.PredefinedMetricType!];
    if (!metricName) {
      throw aasErrors.validation(
        `Unsupported predefined metric type ${predefined.PredefinedMetricType} for ${ECS_DESIRED_COUNT}: use ${Object.keys(PREDEFINED_ECS_METRICS).join(' or ')}.`,
      );
    }
    if (predefined.ResourceLabel !== undefined)
      throw aasErrors.validation(`ResourceLabel is not valid for ${predefined.PredefinedMetricType}.`);
    return {
      Namespace: METRICS_NAMESPACE,
      MetricName: metricName,
      Dimensions: serviceDimensions(service.cluster, service.service),
      Statistic: 'Average',
      Unit: 'Percent',
    };
  }
  return {
    Namespace: custom!.Namespace!,
    MetricName: custom!.MetricName!,
    Dimensions: (custom!.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value })),
    Statistic: custom!.Statistic as Statistic,
    ...(custom!.Unit ? { Unit: custom!.Unit as StandardUnit } : {}),
  };
}

export async function putScalingPolicy(input: PutScalingPolicyRequest, ctx: AppContext) {
  const ref = scalableRef(input);
  const policyType = (input.PolicyType ?? 'StepScaling') as PolicyType;
  if (policyType === 'StepScaling' && input.TargetTrackingScalingPolicyConfiguration) {
    throw aasErrors.validation('TargetTrackingScalingPolicyConfiguration is not valid for a StepScaling policy.');
  }
  if (policyType === 'TargetTrackingScaling' && input.StepScalingPolicyConfiguration) {
    throw aasErrors.validation('StepScalingPolicyConfiguration is not valid for a TargetTrackingScaling policy.');
  }
  if (policyType !== 'StepScaling' && policyType !== 'TargetTrackingScaling') {
    throw aasErrors.validation(`Unsupported policy type ${policyType} for ${ECS_DESIRED_COUNT}: use StepScaling or TargetTrackingScaling.`);
  }
  const step = policyType === 'StepScaling' ? checkStep(input.StepScalingPolicyConfiguration) : undefined;
  const tracked =
    policyType === 'TargetTrackingScaling' ? checkTargetTracking(input.TargetTrackingScalingPolicyConfiguration, ref) : undefined;

  return retryOnConflict(
    `PutScalingPolicy ${input.PolicyName}`,
    ctx.conflictRetry,
    async () => {
      const target = await requireTarget(ctx, ref);
      const previous = await ctx.scaling.getPolicy(ref, input.PolicyName!);
      if (
        !previous &&
        (await ctx.scaling.listPolicies({ ...ref, limit: MAX_POLICIES_PER_TARGET })).items.length >= MAX_POLICIES_PER_TARGET
      ) {
        throw aasErrors.limit(`A scalable target can have at most ${MAX_POLICIES_PER_TARGET} scaling policies.`);
      }
      const policyArn = scalingPolicyArn(ctx.arn, target.record.targetId, ref.namespace, ref.resourceId, input.PolicyName!);
      let alarms: PolicyAlarm[] = [];
      let created: string[] = [];
      if (tracked) {
        const owned = new Map(
          (previous?.alarms ?? []).map((a) => [
            parseTargetTrackingAlarmName(a.AlarmName)?.which,
            parseTargetTrackingAlarmName(a.AlarmName)?.id,
          ]),
        );
        const spec: TargetTrackingAlarmSpec = {
          label: ref.resourceId,
          policyArn,
          metric: tracked,
          targetValue: input.TargetTrackingScalingPolicyConfiguration!.TargetValue!,
          periodSeconds: ctx.autoscaling.metricPeriodSeconds,
          actions: [ctx.autoscaling.scaleServiceArn],
          disableScaleIn: input.TargetTrackingScalingPolicyConfiguration!.DisableScaleIn,
          highId: owned.get('High') ?? ctx.ids.uuid(),
          lowId: owned.get('Low') ?? ctx.ids.uuid(),
        };
        const pair = targetTrackingAlarms(spec);
        const puts = [pair.high, ...(pair.low ? [pair.low] : [])];
        for (const alarm of puts) await ctx.cloudwatch.putMetricAlarm(alarm);
        alarms = puts.map((a) => ({ AlarmName: a.AlarmName, AlarmARN: cloudwatchAlarmArn(ctx.arn, a.AlarmName) }));
        const before = new Set((previous?.alarms ?? []).map((a) => a.AlarmName));
        created = alarms.map((a) => a.AlarmName).filter((n) => !before.has(n));
      }
      const policy: ScalingPolicyRecord = {
        policyArn,
        policyName: input.PolicyName!,
        serviceNamespace: ref.namespace,
        resourceId: ref.resourceId,
        scalableDimension: ref.dimension,
        policyType,
        ...(step ? { stepScaling: step } : {}),
        ...(tracked ? { targetTracking: input.TargetTrackingScalingPolicyConfiguration } : {}),
        alarms,
        creationTime: previous?.creationTime ?? ctx.clock.now() / 1000,
      };
      if (await ctx.scaling.putPolicy(policy, target, previous)) {
        const kept = new Set(alarms.map((a) => a.AlarmName));
        const dropped = (previous?.alarms ?? []).map((a) => a.AlarmName).filter((n) => !kept.has(n));
        if (dropped.length) await ctx.cloudwatch.deleteAlarms(dropped);
        return { PolicyARN: policyArn, ...(tracked ? { Alarms: alarms } : {}) };
      }
      // Lost a race: alarms made for this attempt only are not left behind.
      if (created.length) await ctx.cloudwatch.deleteAlarms(created);
      return CONFLICT;
    },
    () => {
      throw aasErrors.concurrent();
    },
  );
}

const noPolicy = (ref: { namespace: string; resourceId: string; dimension: string }, name: string) =>
  aasErrors.notFound(
    `No scaling policy found for service namespace: ${ref.namespace}, resource ID: ${ref.resourceId}, scalable dimension: ${ref.dimension}, policy name: ${name}`,
  );

export async function deleteScalingPolicy(input: DeleteScalingPolicyRequest, ctx: AppContext): Promise<Record<string, never>> {
  const ref = scalableRef(input);
  const policy = await ctx.scaling.getPolicy(ref, input.PolicyName!);
  if (!policy) throw noPolicy(ref, input.PolicyName!);
  await ctx.scaling.deletePolicy(policy);
  if (policy.alarms.length) await ctx.cloudwatch.deleteAlarms(policy.alarms.map((a) => a.AlarmName));
  return {};
}

export async function describeScalingPolicies(input: DescribeScalingPoliciesRequest, ctx: AppContext) {
  const limit = pageLimit(input.MaxResults);
  if (input.ServiceNamespace !== ECS_NAMESPACE) return { ScalingPolicies: [] };
  if (input.ResourceId !== undefined && !parseServiceResourceId(input.ResourceId)) return { ScalingPolicies: [] };
  const page = await ctx.scaling.listPolicies({
    namespace: ECS_NAMESPACE,
    dimension: input.ScalableDimension ?? ECS_DESIRED_COUNT,
    resourceId: input.ResourceId,
    names: input.PolicyNames,
    limit,
    nextToken: input.NextToken,
  });
  // A step policy's alarms are the user's: those whose actions name the policy, as CloudWatch knows them now.
  const policies = await Promise.all(
    page.items.map(async (p) =>
      p.policyType === 'StepScaling'
        ? scalingPolicyView(
            p,
            (await ctx.cloudwatch.describeAlarms({ actionPrefix: p.policyArn }))
              // A prefix of …:policyName/cpu also matches …:policyName/cpu2.
              .filter((a) =>
                [...(a.AlarmActions ?? []), ...(a.OKActions ?? []), ...(a.InsufficientDataActions ?? [])].includes(p.policyArn),
              )
              .map((a) => ({ AlarmName: a.AlarmName!, AlarmARN: a.AlarmArn! })),
          )
        : scalingPolicyView(p),
    ),
  );
  return { ScalingPolicies: policies, NextToken: page.nextToken };
}
