import { describe, expect, it } from 'vitest';
import {
  evaluateAlarm,
  evaluationRange,
  stateReason,
  type AlarmRule,
  type AlarmState,
  type Slot,
  type TreatMissingData,
} from '../../../src/adapters/local/cloudwatch/evaluate-alarm.js';

/**
 * CloudWatch's own examples ("How alarm state is evaluated when data is
 * missing", Amazon CloudWatch User Guide): threshold crossed above, five
 * datapoints retrieved, oldest first; 0 = not breaching, X = breaching,
 * - = missing. RETAIN = "Retain current state".
 */
const RETAIN = 'RETAIN';
type Expected = AlarmState | typeof RETAIN;
const MODES: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

function slots(pattern: string): Slot[] {
  return pattern.split(' ').map((c, i) => ({ start: i * 60_000, ...(c === '-' ? {} : { value: c === 'X' ? 100 : 0, sampleCount: 1 }) }));
}

const rule = (M: number, N: number, treatMissingData: TreatMissingData): AlarmRule => ({
  evaluationPeriods: N,
  datapointsToAlarm: M,
  threshold: 50,
  comparison: 'GreaterThanThreshold',
  treatMissingData,
});

function check(M: number, N: number, table: [string, Expected, Expected, Expected, Expected][]) {
  for (const [pattern, ...expected] of table) {
    for (const [i, mode] of MODES.entries()) {
      for (const current of ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as AlarmState[]) {
        const want = expected[i] === RETAIN ? current : expected[i];
        it(`${M} of ${N}, [${pattern}], ${mode}, from ${current} → ${want}`, () => {
          expect(evaluateAlarm(slots(pattern), rule(M, N, mode), current).state).toBe(want);
        });
      }
    }
  }
}

describe('evaluateAlarm reproduces CloudWatch’s documented examples', () => {
  it('retrieves N + 2 periods (5 for 3 evaluation periods, as the examples do)', () => expect(evaluationRange(3)).toBe(5));

  describe('DatapointsToAlarm 3, EvaluationPeriods 3', () =>
    check(3, 3, [
      //            MISSING               IGNORE   BREACHING  NOT BREACHING
      ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
      ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
      ['- - - - -', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
      ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
      ['- - - - X', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
      ['X - - - -', 'ALARM', RETAIN, 'ALARM', 'OK'],
    ]));

  describe('DatapointsToAlarm 2, EvaluationPeriods 3 ("M out of N")', () =>
    check(2, 3, [
      ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
      ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
      ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
      ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
      ['- - - - X', 'INSUFFICIENT_DATA', RETAIN, 'ALARM', 'OK'],
    ]));
});

describe('evaluateAlarm', () => {
  it('evaluates the most recent N real datapoints when there are enough, whatever came before', () => {
    const e = evaluateAlarm(slots('X X 0 0 0'), rule(3, 3, 'breaching'), 'ALARM');
    expect(e).toMatchObject({ state: 'OK', breaching: 0, filled: 0 });
    expect(e.evaluated.map((s) => s.start)).toEqual([120_000, 180_000, 240_000]);
  });

  it.each([
    ['GreaterThanOrEqualToThreshold', 50, 'ALARM'],
    ['GreaterThanThreshold', 50, 'OK'],
    ['LessThanThreshold', 49.9, 'ALARM'],
    ['LessThanOrEqualToThreshold', 50, 'ALARM'],
    ['LessThanThreshold', 50, 'OK'],
  ] as const)('%s with every value %d → %s', (comparison, value, want) => {
    const s = [0, 1, 2].map((i) => ({ start: i * 10_000, value, sampleCount: 1 }));
    expect(evaluateAlarm(s, { ...rule(3, 3, 'missing'), comparison }, 'OK').state).toBe(want);
  });

  it('words the reasons as CloudWatch does', () => {
    const r = rule(3, 3, 'missing');
    const high = evaluateAlarm(
      [0, 1, 2].map((i) => ({ start: Date.UTC(2023, 7, 4, 12, 30 + i), value: 80 + i, sampleCount: 1 })),
      r,
      'OK',
    );
    expect(stateReason(high, r, 'OK')).toBe(
      'Threshold Crossed: 3 out of the last 3 datapoints [82.0 (04/08/23 12:32:00), 81.0 (04/08/23 12:31:00), 80.0 (04/08/23 12:30:00)] ' +
        'were greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).',
    );
    const none = evaluateAlarm(slots('- - - - -'), r, 'OK');
    expect(stateReason(none, r, 'OK')).toBe('Insufficient Data: 3 datapoints were unknown.');
  });
});
