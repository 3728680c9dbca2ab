/**
 * The local CloudWatch's alarm evaluator: each alarm is evaluated once per
 * period (every minute for periods of a minute or more, as CloudWatch does),
 * over its evaluation range of whole periods, with evaluate-alarm.ts's
 * rules. A state change is applied through AlarmTransitions (history,
 * actions on the change); an alarm that stays in a state re-runs only the
 * actions CloudWatch repeats (Auto Scaling policies).
 */
import type { AlarmState, Comparison, Slot, TreatMissingData } from './evaluate-alarm.js';
import { evaluateAlarm, evaluationRange, stateReason, stateReasonData, type AlarmRule } from './evaluate-alarm.js';
import { aggregateByPeriod, statisticOf, type StandardStatistic } from './statistics.js';
import type { CloudWatchStore, VersionedAlarm } from './store.js';
import type { AlarmTransitions, TransitionLog } from './transitions.js';

export interface EvaluatorOptions {
  now(): number;
  /** How often the evaluator wakes up (the shortest alarm period Berth uses, 10 s). */
  tickMs: number;
  log: TransitionLog;
}

export class AlarmEvaluator {
  /** Alarm name → the evaluation slot it was last evaluated in. */
  private readonly lastSlot = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: CloudWatchStore,
    private readonly transitions: AlarmTransitions,
    private readonly opts: EvaluatorOptions,
  ) {}

  /** Ticks on wall-clock multiples of tickMs, a little after each boundary so data published at it has landed. */
  start(offsetMs = 2000): void {
    const schedule = () => {
      if (this.stopped) return;
      const now = this.opts.now();
      const next = Math.floor(now / this.opts.tickMs) * this.opts.tickMs + this.opts.tickMs + offsetMs;
      this.timer = setTimeout(() => {
        if (!this.running) {
          this.running = this.evaluateDue().finally(() => (this.running = undefined));
        }
        schedule();
      }, next - now);
      this.timer.unref();
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Evaluates every alarm whose evaluation is due; returns when done. */
  async evaluateDue(): Promise<void> {
    const now = this.opts.now();
    const alarms = await this.store.alarms();
    const names = new Set(alarms.map((a) => a.alarm.AlarmName));
    for (const name of this.lastSlot.keys()) if (!names.has(name)) this.lastSlot.delete(name);
    for (const v of alarms) {
      const everyMs = Math.min(v.alarm.Period!, 60) * 1000;
      const slot = Math.floor(now / everyMs);
      if (this.lastSlot.get(v.alarm.AlarmName) === slot) continue;
      this.lastSlot.set(v.alarm.AlarmName, slot);
      await this.evaluate(v, now).catch((err) =>
        this.opts.log.warn('alarm evaluation failed', { alarm: v.alarm.AlarmName, error: String(err) }),
      );
    }
  }

  async evaluate(v: VersionedAlarm, now: number): Promise<void> {
    const a = v.alarm;
    const periodMs = a.Period! * 1000;
    const rule: AlarmRule = {
      evaluationPeriods: a.EvaluationPeriods!,
      datapointsToAlarm: a.DatapointsToAlarm ?? a.EvaluationPeriods!,
      threshold: a.Threshold!,
      comparison: a.ComparisonOperator as Comparison,
      treatMissingData: (a.TreatMissingData ?? 'missing') as TreatMissingData,
    };
    const end = Math.floor(now / periodMs) * periodMs;
    const count = evaluationRange(rule.evaluationPeriods);
    const start = end - count * periodMs;
    const points = await this.store.points(
      { namespace: a.Namespace!, metricName: a.MetricName!, dimensions: a.Dimensions ?? [] },
      start,
      end,
    );
    const byStart = new Map(aggregateByPeriod(points, periodMs, a.Unit).map((p) => [p.start, p]));
    const slots: Slot[] = Array.from({ length: count }, (_, i) => {
      const s = start + i * periodMs;
      const agg = byStart.get(s);
      return agg ? { start: s, value: statisticOf(agg, a.Statistic as StandardStatistic), sampleCount: agg.n } : { start: s };
    });
    const current = a.StateValue as AlarmState;
    const result = evaluateAlarm(slots, rule, current);
    if (result.state !== current) {
      await this.transitions.transition(v, {
        state: result.state,
        reason: stateReason(result, rule, current),
        reasonData: stateReasonData(result, rule, a.Statistic!, a.Period!, now, slots),
      });
    } else {
      const state = {
        value: current,
        reason: a.StateReason ?? '',
        reasonData: a.StateReasonData,
        timestamp: a.StateUpdatedTimestamp * 1000,
      };
      await this.transitions.runActions(a, state, state, true);
    }
  }
}
