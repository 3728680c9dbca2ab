/**
 * Alarm state changes, from the evaluator or SetAlarmState: the new state is
 * written under the alarm's version (a concurrent PutMetricAlarm or delete
 * wins, and the change is dropped), a StateUpdate history entry is added,
 * and — only on an actual change, only when actions are enabled — the
 * actions of the new state run, each outcome recorded as an Action entry.
 */
import type { AlarmState } from './evaluate-alarm.js';
import { lambdaAlarmEvent, type ActionRoute, type AlarmStateSnapshot } from './alarm-actions.js';
import type { AlarmRecord, CloudWatchStore, VersionedAlarm } from './store.js';

export interface TransitionLog {
  warn(message: string, detail: Record<string, unknown>): void;
}

export class AlarmTransitions {
  constructor(
    private readonly store: CloudWatchStore,
    private readonly routes: readonly ActionRoute[],
    private readonly env: { region: string; accountId: string; now(): number; log: TransitionLog },
  ) {}

  /** Applies a transition; false when the alarm changed underneath (nothing written). */
  async transition(current: VersionedAlarm, to: { state: AlarmState; reason: string; reasonData?: string }): Promise<boolean> {
    const now = this.env.now();
    const from = current.alarm;
    const next: AlarmRecord = {
      ...from,
      StateValue: to.state,
      StateReason: to.reason,
      StateReasonData: to.reasonData,
      StateUpdatedTimestamp: now / 1000,
      StateTransitionedTimestamp: from.StateValue === to.state ? from.StateTransitionedTimestamp : now / 1000,
    };
    if (!(await this.store.putAlarm(next, current.version))) return false;
    const previous: AlarmStateSnapshot = {
      value: from.StateValue as AlarmState,
      reason: from.StateReason ?? '',
      reasonData: from.StateReasonData,
      timestamp: from.StateUpdatedTimestamp * 1000,
    };
    const snapshot: AlarmStateSnapshot = { value: to.state, reason: to.reason, reasonData: to.reasonData, timestamp: now };
    await this.store.addHistory(
      {
        AlarmName: from.AlarmName,
        AlarmType: 'MetricAlarm',
        Timestamp: now / 1000,
        HistoryItemType: 'StateUpdate',
        HistorySummary: `Alarm updated from ${previous.value} to ${to.state}`,
        HistoryData: JSON.stringify({
          version: '1.0',
          oldState: stateJson(previous),
          newState: stateJson(snapshot),
        }),
      },
      now,
    );
    if (from.StateValue !== to.state) await this.runActions(next, snapshot, previous);
    return true;
  }

  /** Runs the actions of the alarm's current state (`repeatOnly`: only those CloudWatch repeats while the state lasts). */
  async runActions(alarm: AlarmRecord, state: AlarmStateSnapshot, previous: AlarmStateSnapshot, repeatOnly = false): Promise<void> {
    if (alarm.ActionsEnabled === false) return;
    const arns = state.value === 'ALARM' ? alarm.AlarmActions : state.value === 'OK' ? alarm.OKActions : alarm.InsufficientDataActions;
    const event = lambdaAlarmEvent(alarm, state, previous, this.env.region, this.env.accountId);
    for (const arn of arns ?? []) {
      const route = this.routes.find((r) => r.matches(arn));
      if (!route || (repeatOnly && !route.repeatsWhileInState)) continue;
      const now = this.env.now();
      let error: string | undefined;
      try {
        await route.invoke(arn, event);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        this.env.log.warn('alarm action failed', { alarm: alarm.AlarmName, action: arn, error });
      }
      await this.store.addHistory(
        {
          AlarmName: alarm.AlarmName,
          AlarmType: 'MetricAlarm',
          Timestamp: now / 1000,
          HistoryItemType: 'Action',
          HistorySummary: error ? `Failed to execute action ${arn}. Received error: "${error}"` : `Successfully executed action ${arn}`,
          HistoryData: JSON.stringify({
            actionState: error ? 'Failed' : 'Succeeded',
            stateUpdateTimestamp: state.timestamp,
            notificationResource: arn,
            ...(error ? { error } : {}),
          }),
        },
        now,
      );
    }
  }
}

const stateJson = (s: AlarmStateSnapshot) => ({
  stateValue: s.value,
  stateReason: s.reason,
  ...(s.reasonData ? { stateReasonData: JSON.parse(s.reasonData) } : {}),
});
