/**
 * What functions/scale-cluster does when a capacity provider's alarm fires
 * (CloudWatch invokes it with the alarm state-change event; the scaling
 * schedule fires it again each period the alarm stays in ALARM, as target
 * tracking keeps acting while its alarm does):
 *
 * - AlarmHigh: raise the group's desired capacity to what the tasks need, in
 *   one step within the provider's step sizes and the group's maximum;
 * - AlarmLow: remove idle instances down to what is needed, never below the
 *   group's minimum, never while instances warm up, never an instance with a
 *   task other than a daemon's, nor one with a protected task (managed
 *   termination protection, task scale-in protection). With managed draining, an
 *   instance is set DRAINING first (no task can be placed on it any more)
 *   and checked idle again before it is terminated. With managed termination
 *   protection, only that instance loses its scale-in protection, just before
 *   it is terminated (capacity-pass.ts keeps every other one protected).
 *
 * The alarm is read back from CloudWatch and the provider's state computed
 * afresh, so a stale or replayed event acts on things as they are now; an
 * alarm that is unknown, not in ALARM, or not one of a provider's own is
 * logged and changes nothing.
 */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { scalesManaged, type CapacityProviderRecord } from '../../domain/capacity-provider.js';
import { scaleIn, scaleInCandidates, scaleOut, type ScaleDecision } from '../../scheduler/capacity/scale-decision.js';
import { providerAlarmNames } from '../capacity-providers/managed-scaling-alarms.js';
import type { AppContext } from '../context.js';
import { providerState } from './provider-state.js';
import { instancesKeptFromScaleIn } from './scale-in-shield.js';

export interface AlarmEvent {
  alarmData?: { alarmName?: unknown };
}

export interface ScaleClusterLog {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
}

export interface ScaleClusterOutcome {
  provider: string;
  decision: ScaleDecision;
  /** Instances terminated by a scale-in. */
  terminated: string[];
}

export async function handleCapacityAlarmEvent(
  ctx: AppContext,
  event: AlarmEvent,
  log: ScaleClusterLog,
): Promise<ScaleClusterOutcome | undefined> {
  const name = event?.alarmData?.alarmName;
  if (typeof name !== 'string' || name === '') {
    log.warn('not a CloudWatch alarm event; ignored');
    return undefined;
  }
  const [alarm] = await ctx.cloudwatch.describeAlarms({ names: [name] });
  if (!alarm) {
    log.warn('alarm not found (deleted since it fired?); nothing scaled', { alarm: name });
    return undefined;
  }
  return fireCapacityAlarm(ctx, alarm, log);
}

/** Acts on one of a capacity provider's alarms as it is now. */
export async function fireCapacityAlarm(
  ctx: AppContext,
  alarm: MetricAlarm,
  log: ScaleClusterLog,
): Promise<ScaleClusterOutcome | undefined> {
  const dimension = (n: string) => alarm.Dimensions?.find((d) => d.Name === n)?.Value;
  const cluster = dimension('ClusterName');
  const providerName = dimension('CapacityProviderName');
  const provider = providerName ? await ctx.capacityProviders.get(providerName) : undefined;
  const names = provider && providerAlarmNames(provider);
  const direction = names?.high === alarm.AlarmName ? 'out' : names?.low === alarm.AlarmName ? 'in' : undefined;
  if (!provider || !direction || provider.status !== 'ACTIVE' || provider.cluster !== cluster || !scalesManaged(provider)) {
    log.warn('the alarm belongs to no capacity provider with managed scaling; nothing scaled', { alarm: alarm.AlarmName });
    return undefined;
  }
  if (alarm.StateValue !== 'ALARM') {
    log.info('alarm not in ALARM any more; nothing to do', { alarm: alarm.AlarmName, state: alarm.StateValue });
    return undefined;
  }
  return scaleCluster(ctx, provider, direction, log);
}

export async function scaleCluster(
  ctx: AppContext,
  provider: CapacityProviderRecord,
  direction: 'out' | 'in',
  log: ScaleClusterLog,
): Promise<ScaleClusterOutcome> {
  const cluster = provider.cluster!;
  const [group] = await ctx.scalingGroups.describe([provider.autoScalingGroupName]);
  const outcome: ScaleClusterOutcome = { provider: provider.name, decision: { action: 'none', reason: 'no group' }, terminated: [] };
  if (!group) {
    log.warn('the Auto Scaling group of the capacity provider is gone; nothing scaled', { provider: provider.name });
    return outcome;
  }
  const [containerInstances, waiting] = await Promise.all([ctx.instances.listAll(cluster), ctx.tasks.provisioning(cluster)]);
  const now = ctx.clock.now();
  const kept = await instancesKeptFromScaleIn(ctx, cluster, containerInstances, now);
  const state = providerState({ provider, group, containerInstances, waiting: waiting.map((w) => w.task), kept, now });
  const input = {
    reservation: state.reservation,
    targetCapacity: provider.managedScaling.targetCapacity,
    minimumScalingStepSize: provider.managedScaling.minimumScalingStepSize,
    maximumScalingStepSize: provider.managedScaling.maximumScalingStepSize,
    group: { desired: group.desiredCapacity, min: group.minSize, max: group.maxSize },
    warming: state.instances.filter((i) => i.warming).length,
  };
  outcome.decision = direction === 'out' ? scaleOut(input) : scaleIn(input);
  const detail = { provider: provider.name, group: group.name, m: state.reservation.m, n: state.reservation.n };
  if (outcome.decision.action === 'scale-out') {
    await ctx.scalingGroups.setDesiredCapacity(group.name, outcome.decision.desired);
    log.info('scaled out', { ...detail, from: group.desiredCapacity, to: outcome.decision.desired });
  } else if (outcome.decision.action === 'scale-in') {
    for (const victim of scaleInCandidates(state.instances, outcome.decision.remove)) {
      if (await terminateIdle(ctx, provider, cluster, victim.instanceId, containerInstances)) outcome.terminated.push(victim.instanceId);
    }
    log.info('scaled in', { ...detail, from: group.desiredCapacity, terminated: outcome.terminated });
  } else {
    log.info('no scaling', { ...detail, reason: outcome.decision.reason });
  }
  return outcome;
}

/**
 * Terminates an instance that runs no task (but unprotected daemon ones), decrementing the desired
 * capacity. With managed draining the container instance is DRAINING first
 * (so nothing is placed on it meanwhile) and read again: if a task got there
 * in between, it goes back to ACTIVE and stays. With managed termination
 * protection, as ECS does, its scale-in protection comes off only now, right
 * before it goes, and back on if it stays.
 */
async function terminateIdle(
  ctx: AppContext,
  provider: CapacityProviderRecord,
  cluster: string,
  ec2InstanceId: string,
  containerInstances: readonly { id: string; ec2InstanceId?: string; status: string }[],
): Promise<boolean> {
  const ci = containerInstances.find((c) => c.ec2InstanceId === ec2InstanceId && c.status !== 'INACTIVE');
  const drain = provider.managedDraining === 'ENABLED' && ci !== undefined && ci.status === 'ACTIVE';
  const shielded = provider.managedTerminationProtection === 'ENABLED';
  const undrain = async () => {
    if (drain) await ctx.instances.setStatus(cluster, ci.id, 'ACTIVE');
  };
  if (drain) await ctx.instances.setStatus(cluster, ci.id, 'DRAINING');
  const current = ci ? await ctx.instances.get(cluster, ci.id) : undefined;
  if (current && (await instancesKeptFromScaleIn(ctx, cluster, [current], ctx.clock.now())).size > 0) {
    await undrain();
    return false;
  }
  try {
    if (shielded) await ctx.scalingGroups.setInstanceProtection(provider.autoScalingGroupName, [ec2InstanceId], false);
    await ctx.scalingGroups.terminateInstance(ec2InstanceId, true);
    return true;
  } catch (err) {
    // e.g. the group's minimum was reached meanwhile: the instance stays, in service and protected.
    // Should this call fail too, the next capacity pass protects the instance (it protects every one).
    if (shielded)
      await ctx.scalingGroups.setInstanceProtection(provider.autoScalingGroupName, [ec2InstanceId], true).catch(() => undefined);
    await undrain();
    throw err;
  }
}

/** Alarms of capacity providers that stay in ALARM act again each period (CloudWatch invokes a Lambda action only on a change). */
export async function refireCapacityAlarms(ctx: AppContext, log: ScaleClusterLog): Promise<number> {
  const alarms = await ctx.cloudwatch.describeAlarms({ state: 'ALARM', actionPrefix: ctx.autoscaling.scaleClusterArn });
  for (const alarm of alarms) {
    try {
      await fireCapacityAlarm(ctx, alarm, log);
    } catch (err) {
      log.warn('cluster scaling failed', { alarm: alarm.AlarmName, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return alarms.length;
}
