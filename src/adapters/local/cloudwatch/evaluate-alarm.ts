/**
 * One evaluation of a metric alarm, as CloudWatch documents it
 * ("Configuring how CloudWatch alarms treat missing data", including its two
 * example tables, reproduced in test/unit/cloudwatch/evaluate-alarm.test.ts):
 *
 * - CloudWatch looks at an evaluation range of more periods than
 *   EvaluationPeriods (N): here N + 2, as in the documented examples.
 * - With at least N real datapoints in the range, the most recent N are
 *   evaluated and TreatMissingData does not matter.
 * - With fewer, every real datapoint is evaluated and the rest of N is filled
 *   as TreatMissingData says: `breaching` / `notBreaching` fill with breaching
 *   / non-breaching points; `missing` and `ignore` fill with unknowns.
 * - ALARM when at least DatapointsToAlarm (M) evaluated points breach, OK
 *   when fewer do — except with unknowns: `ignore` keeps the current state
 *   unless a real point is non-breaching; `missing` is INSUFFICIENT_DATA
 *   unless a real point is non-breaching (OK) or the oldest point of the
 *   evaluated window is a real breaching one (ALARM). With no real point at
 *   all: INSUFFICIENT_DATA, the current state, ALARM or OK respectively.
 *
 * Pure: the caller reads the datapoints and applies the transition.
 */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type Comparison = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

export interface Slot {
  /** Epoch ms of the period's start. */
  start: number;
  /** The alarm's statistic for the period, undefined when no data. */
  value?: number;
  sampleCount?: number;
}

export interface AlarmRule {
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: Comparison;
  treatMissingData: TreatMissingData;
}

export interface Evaluation {
  state: AlarmState;
  /** The real datapoints that were evaluated, oldest first. */
  evaluated: Slot[];
  breaching: number;
  /** How many of the N evaluated points were filled in for missing data. */
  filled: number;
}

export const evaluationRange = (evaluationPeriods: number) => evaluationPeriods + 2;

export function breaches(value: number, rule: Pick<AlarmRule, 'threshold' | 'comparison'>): boolean {
  switch (rule.comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= rule.threshold;
    case 'GreaterThanThreshold':
      return value > rule.threshold;
    case 'LessThanThreshold':
      return value < rule.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= rule.threshold;
  }
}

/** `slots`: the evaluation range, oldest first (evaluationRange(N) periods ending with the newest complete one). */
export function evaluateAlarm(slots: readonly Slot[], rule: AlarmRule, current: AlarmState): Evaluation {
  const N = rule.evaluationPeriods;
  const M = rule.datapointsToAlarm;
  const realIdx = slots.flatMap((s, i) => (s.value === undefined ? [] : [i]));
  const isBreach = (i: number) => breaches(slots[i].value!, rule);

  if (realIdx.length >= N) {
    const idx = realIdx.slice(-N);
    const b = idx.filter(isBreach).length;
    return { state: b >= M ? 'ALARM' : 'OK', evaluated: idx.map((i) => slots[i]), breaching: b, filled: 0 };
  }
  const evaluated = realIdx.map((i) => slots[i]);
  const filled = N - realIdx.length;
  const b = realIdx.filter(isBreach).length;
  const out = (state: AlarmState, breaching = b): Evaluation => ({ state, evaluated, breaching, filled });
  switch (rule.treatMissingData) {
    case 'breaching':
      return out(b + filled >= M ? 'ALARM' : 'OK', b + filled);
    case 'notBreaching':
      return out(b >= M ? 'ALARM' : 'OK');
    case 'ignore':
      if (b >= M) return out('ALARM');
      return out(realIdx.length > b ? 'OK' : current);
    case 'missing': {
      if (b >= M) return out('ALARM');
      if (realIdx.length > b) return out('OK');
      if (realIdx.length === 0) return out('INSUFFICIENT_DATA');
      // The evaluated window: the newest N periods, moved back far enough to hold the oldest real point.
      const windowStart = Math.min(realIdx[0], slots.length - N);
      return out(slots[windowStart].value !== undefined ? 'ALARM' : 'INSUFFICIENT_DATA');
    }
  }
}

const OPERATOR_WORDS: Record<Comparison, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** CloudWatch's reason format for a datapoint: `85.0 (04/08/23 12:31:00)` (dd/MM/yy HH:mm:ss, UTC). */
function pointText(s: Slot): string {
  const d = new Date(s.start);
  const v = Number.isInteger(s.value) ? s.value!.toFixed(1) : String(s.value);
  return `${v} (${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())})`;
}

const num = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The StateReason CloudWatch writes for a transition to `e.state`. */
export function stateReason(e: Evaluation, rule: AlarmRule, previous: AlarmState): string {
  if (e.state === 'INSUFFICIENT_DATA')
    return `Insufficient Data: ${plural(rule.evaluationPeriods - e.evaluated.length, 'datapoint')} were unknown.`;
  const points = `[${[...e.evaluated].reverse().map(pointText).join(', ')}]`;
  const ops = OPERATOR_WORDS[rule.comparison];
  const total = e.evaluated.length + e.filled;
  if (e.state === 'ALARM') {
    const transition = `(minimum ${plural(rule.datapointsToAlarm, 'datapoint')} for ${previous} -> ALARM transition)`;
    return `Threshold Crossed: ${e.breaching} out of the last ${total} datapoints ${points} ${e.breaching === 1 ? 'was' : 'were'} ${ops} the threshold (${num(rule.threshold)}) ${transition}.`;
  }
  const ok = total - e.breaching;
  const transition = `(minimum ${plural(rule.evaluationPeriods - rule.datapointsToAlarm + 1, 'datapoint')} for ${previous} -> OK transition)`;
  return `Threshold Crossed: ${ok} out of the last ${total} datapoints ${points} ${ok === 1 ? 'was' : 'were'} not ${ops} the threshold (${num(rule.threshold)}) ${transition}.`;
}

/** CloudWatch's timestamp format inside StateReasonData and alarm events: 2023-08-04T12:36:15.490+0000. */
export const cwTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

/** The StateReasonData JSON CloudWatch writes for a threshold evaluation. */
export function stateReasonData(
  e: Evaluation,
  rule: AlarmRule,
  statistic: string,
  periodSeconds: number,
  now: number,
  range: readonly Slot[],
) {
  return JSON.stringify({
    version: '1.0',
    queryDate: cwTime(now),
    startDate: cwTime(range[0]?.start ?? now),
    statistic,
    period: periodSeconds,
    recentDatapoints: e.evaluated.map((s) => s.value),
    threshold: rule.threshold,
    evaluatedDatapoints: [...e.evaluated]
      .reverse()
      .map((s) => ({ timestamp: cwTime(s.start), sampleCount: s.sampleCount, value: s.value })),
  });
}
