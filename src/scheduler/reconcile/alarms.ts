/**
 * Deployment alarms (deploymentConfiguration.alarms, ECS rolling deployments):
 * while the PRIMARY rolls out, any named CloudWatch alarm in ALARM fails it
 * (and with rollback returns to the last COMPLETED deployment, through the
 * circuit breaker's path); once steady it stays IN_PROGRESS for the bake time
 * the alarms' configuration gives, and is COMPLETED only on a pass that read
 * every alarm and found none in ALARM. The caller reads the alarms
 * (src/app/reconcile); this module only decides.
 */
import type { DeploymentRecord } from '../../domain/service.js';
import type { DeploymentSettings } from './config.js';
import { messages, rolloutReasons } from './events.js';
import { failPrimary, type FailureOutcome } from './fail-deployment.js';
import type { AlarmReadings, TaskDefinitions } from './types.js';

/** Whether the deployment alarms watch this (PRIMARY) deployment now. A rollback deployment is never watched. */
export function watchesAlarms(d: DeploymentRecord | undefined, settings: DeploymentSettings): boolean {
  return (
    d !== undefined &&
    d.status === 'PRIMARY' &&
    d.rolloutState === 'IN_PROGRESS' &&
    d.alarmsStatus !== 'DISABLED' &&
    settings.alarms.enable &&
    settings.alarms.names.length > 0
  );
}

/** Fails the watched PRIMARY if a named alarm is in ALARM; reports named alarms that do not exist (once per change). */
export function applyAlarms(args: {
  serviceName: string;
  /** PRIMARY first. */
  deployments: readonly DeploymentRecord[];
  settings: DeploymentSettings;
  readings: AlarmReadings | undefined;
  desiredCount: number;
  taskDefinitions: TaskDefinitions;
  newDeploymentId: () => string;
  /** Epoch seconds. */
  now: number;
}): FailureOutcome {
  const deployments = [...args.deployments];
  let primary = deployments[0]!;
  if (!watchesAlarms(primary, args.settings)) return { deployments, messages: [] };
  if (primary.alarmsStatus !== 'MONITORING') deployments[0] = primary = { ...primary, alarmsStatus: 'MONITORING' };
  const { readings } = args;
  if (!readings) return { deployments, messages: [] };

  const out: string[] = [];
  const names = args.settings.alarms.names;
  const missing = names.filter((n) => !Object.hasOwn(readings.states, n));
  if (missing.join('\n') !== (primary.missingAlarmNames ?? []).join('\n')) {
    const { missingAlarmNames: _reported, ...rest } = primary;
    deployments[0] = primary = missing.length > 0 ? { ...rest, missingAlarmNames: missing } : rest;
    if (missing.length > 0) out.push(messages.alarmsNotFound(args.serviceName, primary.id, missing));
  }

  const triggered = names.filter((n) => readings.states[n] === 'ALARM');
  if (triggered.length === 0) return { deployments, messages: out };
  const failed = failPrimary({
    ...args,
    deployments,
    failed: {
      ...primary,
      rolloutState: 'FAILED',
      rolloutStateReason: rolloutReasons.alarmFailed(triggered),
      alarmsStatus: 'TRIGGERED',
      triggeredAlarmNames: triggered,
    },
    failedMessage: messages.alarmDetected(args.serviceName, primary.id),
    rollback: args.settings.alarms.rollback,
    rollbackReason: rolloutReasons.alarmRollingBack,
  });
  return { deployments: failed.deployments, messages: [...out, ...failed.messages] };
}

export interface BakeGate {
  /** The PRIMARY with its bake bookkeeping. */
  deployment: DeploymentRecord;
  /** It may be COMPLETED this pass. */
  complete: boolean;
  /** Epoch ms: look again then (the alarms are read on every pass while they watch). */
  revisitAt?: number;
}

/**
 * Whether a PRIMARY that is IN_PROGRESS may be COMPLETED this pass. Unwatched:
 * as soon as the service is steady. Watched: the bake time starts when the
 * service is steady (again, if it stopped being steady), and the deployment
 * completes once it has passed on a pass whose readings found no alarm in
 * ALARM (applyAlarms failed it otherwise); unread alarms complete nothing.
 */
export function bakeGate(
  primary: DeploymentRecord,
  settings: DeploymentSettings,
  readings: AlarmReadings | undefined,
  steady: boolean,
  /** Epoch ms. */
  now: number,
): BakeGate {
  if (!watchesAlarms(primary, settings)) return { deployment: primary, complete: steady };
  const nowSec = now / 1000;
  if (!steady) {
    const { bakeStartedAt: _unsteady, ...rest } = primary;
    return { deployment: rest, complete: false, revisitAt: now };
  }
  const started = primary.bakeStartedAt ?? nowSec;
  const deployment = primary.bakeStartedAt === undefined ? { ...primary, bakeStartedAt: started } : primary;
  if (!readings || nowSec < started + readings.bakeSeconds) return { deployment, complete: false, revisitAt: now };
  return { deployment: { ...deployment, alarmsStatus: 'MONITORING_COMPLETE' }, complete: true };
}
