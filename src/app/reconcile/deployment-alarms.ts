/**
 * Reads the CloudWatch alarms that watch deployments (deploymentConfiguration.alarms)
 * for the pure service controller: one DescribeAlarms (a page per 100 names) per
 * pass for every service of the pass whose PRIMARY deployment they watch, and
 * none when no deployment is watched. ECS polls DescribeAlarms the same way.
 */
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ServiceRecord } from '../../domain/service.js';
import { deploymentSettings, watchesAlarms, type AlarmReadings, type AlarmState } from '../../scheduler/reconcile/index.js';
import type { AppContext } from '../context.js';

/** Service ARN -> its alarms as read now. Empty when nothing is watched, or when CloudWatch did not answer (logged). */
export async function readDeploymentAlarms(
  ctx: Pick<AppContext, 'cloudwatch'>,
  services: readonly ServiceRecord[],
  log?: { info(message: string, detail: Record<string, unknown>): void },
): Promise<Map<string, AlarmReadings>> {
  const watched = services
    .map((s) => ({ s, settings: deploymentSettings(s) }))
    .filter(({ s, settings }) =>
      watchesAlarms(
        s.deployments.find((d) => d.status === 'PRIMARY'),
        settings,
      ),
    );
  const out = new Map<string, AlarmReadings>();
  if (watched.length === 0) return out;
  const names = [...new Set(watched.flatMap(({ settings }) => settings.alarms.names))];
  let alarms: (MetricAlarm | CompositeAlarm)[];
  try {
    alarms = await ctx.cloudwatch.describeAlarmsByName(names);
  } catch (err) {
    // Unread alarms neither fail nor complete a deployment: the next pass reads them again.
    log?.info('deployment alarms not read', { alarms: names.length, error: err instanceof Error ? err.message : String(err) });
    return out;
  }
  const byName = new Map(alarms.filter((a) => a.AlarmName).map((a) => [a.AlarmName!, a]));
  for (const { s, settings } of watched) {
    const states: Record<string, AlarmState> = {};
    let bakeSeconds = 0;
    for (const name of settings.alarms.names) {
      const alarm = byName.get(name);
      if (!alarm?.StateValue) continue;
      states[name] = alarm.StateValue;
      bakeSeconds = Math.max(bakeSeconds, evaluationSpan(alarm));
    }
    out.set(s.serviceArn, { states, bakeSeconds });
  }
  return out;
}

/**
 * Seconds a metric alarm needs to go into ALARM: its period (or its metrics' longest) times its
 * evaluation periods. A composite alarm adds none of its own (its children are not read).
 */
export function evaluationSpan(alarm: MetricAlarm | CompositeAlarm): number {
  if ('AlarmRule' in alarm) return 0;
  const metric = alarm as MetricAlarm;
  const period = metric.Period ?? Math.max(0, ...(metric.Metrics ?? []).map((m) => m.MetricStat?.Period ?? m.Period ?? 0));
  return period * (metric.EvaluationPeriods ?? 1);
}
