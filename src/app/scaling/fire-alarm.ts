/**
 * What scale-service does when CloudWatch invokes it for an alarm (the event
 * CloudWatch sends Lambda alarm actions), and what the scaling schedule does
 * each period for alarms that stay in ALARM: find the policies the alarm
 * drives — the target-tracking policy that owns it, and every Berth step
 * policy named among the actions of the alarm's current state — and apply
 * them. The alarm is read back from CloudWatch, so a stale or replayed event
 * acts on the alarm as it is now; an unknown alarm, or one that drives no
 * policy any more, is logged and changes nothing.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { parseScalingPolicyArn } from '../../domain/scaling/arns.js';
import { ECS_DESIRED_COUNT, ECS_NAMESPACE } from '../../domain/scaling/ecs-scalable.js';
import type { ScalingPolicyRecord } from '../../domain/scaling/records.js';
import type { AppContext } from '../context.js';
import { applyPolicy, type ScalingLog } from './apply-policy.js';

export interface AlarmEvent {
  source?: unknown;
  alarmArn?: unknown;
  alarmData?: { alarmName?: unknown; state?: { value?: unknown } };
}

export interface AlarmLog extends ScalingLog {
  warn(message: string, detail?: Record<string, unknown>): void;
}

export async function handleAlarmEvent(ctx: AppContext, event: AlarmEvent, log: AlarmLog): Promise<void> {
  const name = event?.alarmData?.alarmName;
  if (typeof name !== 'string' || name === '') {
    log.warn('not a CloudWatch alarm event; ignored', { source: String(event?.source ?? '') });
    return;
  }
  const [alarm] = await ctx.cloudwatch.describeAlarms({ names: [name] });
  if (!alarm) {
    log.warn('alarm not found (deleted since it fired?); nothing scaled', { alarm: name });
    return;
  }
  await fireAlarm(ctx, alarm, log);
}

/** Applies every policy `alarm` drives in its current state, each on its own (one failing does not stop the others). */
export async function fireAlarm(ctx: AppContext, alarm: MetricAlarm, log: AlarmLog): Promise<void> {
  const policies = await policiesOf(ctx, alarm);
  if (policies.length === 0) {
    log.warn('the alarm drives no scaling policy; nothing scaled', { alarm: alarm.AlarmName, state: alarm.StateValue });
    return;
  }
  for (const policy of policies) {
    try {
      await applyPolicy(ctx, policy, alarm, log);
    } catch (err) {
      log.warn('scaling policy not applied', {
        policy: policy.policyArn,
        alarm: alarm.AlarmName,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

async function policiesOf(ctx: AppContext, alarm: MetricAlarm): Promise<ScalingPolicyRecord[]> {
  const out: ScalingPolicyRecord[] = [];
  if (alarm.StateValue === 'ALARM') {
    const owner = await ctx.scaling.policyOfAlarm(alarm.AlarmName!);
    if (owner) out.push(owner);
  }
  const actions =
    alarm.StateValue === 'ALARM' ? alarm.AlarmActions : alarm.StateValue === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
  for (const arn of actions ?? []) {
    const parts = parseScalingPolicyArn(arn);
    if (parts?.namespace !== ECS_NAMESPACE) continue;
    const policy = await ctx.scaling.getPolicy(
      { namespace: ECS_NAMESPACE, dimension: ECS_DESIRED_COUNT, resourceId: parts.resourceId },
      parts.policyName,
    );
    // The ARN must still be this policy's (a policy deleted and created again under the name has a new target id).
    if (policy?.policyType === 'StepScaling' && policy.policyArn === arn) out.push(policy);
  }
  return out;
}
