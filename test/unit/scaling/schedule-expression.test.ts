import { describe, expect, it } from 'vitest';
import { checkTimezone, nextRun, parseSchedule, ScheduleError } from '../../../src/domain/scaling/schedule-expression.js';

const utc = (s: string) => Date.parse(`${s}Z`);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', ''));
const created = utc('2024-01-01T00:00:00');

function runs(expression: string, from: string, n: number, window: { timezone?: string; startTime?: number; endTime?: number } = {}) {
  const s = parseSchedule(expression);
  const out: (string | undefined)[] = [];
  let t = utc(from);
  for (let i = 0; i < n; i++) {
    const next = nextRun(s, t, { createdAt: created, ...window });
    out.push(iso(next));
    if (next === undefined) break;
    t = next;
  }
  return out;
}

describe('schedule expressions', () => {
  it('at(): once, in the action’s time zone', () => {
    expect(runs('at(2024-03-01T12:00:00)', '2024-01-01T00:00:00', 2)).toEqual(['2024-03-01T12:00:00', undefined]);
    expect(runs('at(2024-03-01T12:00:00)', '2024-01-01T00:00:00', 1, { timezone: 'America/New_York' })).toEqual(['2024-03-01T17:00:00']);
    expect(runs('at(2024-03-01T12:00:00)', '2024-03-01T12:00:00', 1)).toEqual([undefined]); // already past
  });

  it('rate(): from the start time, or one interval after creation', () => {
    expect(runs('rate(5 minutes)', '2024-01-01T00:00:00', 3)).toEqual([
      '2024-01-01T00:05:00',
      '2024-01-01T00:10:00',
      '2024-01-01T00:15:00',
    ]);
    expect(runs('rate(1 hour)', '2024-01-01T00:00:00', 2, { startTime: utc('2024-01-02T08:30:00') })).toEqual([
      '2024-01-02T08:30:00',
      '2024-01-02T09:30:00',
    ]);
    expect(runs('rate(1 day)', '2024-01-05T10:00:00', 1)).toEqual(['2024-01-06T00:00:00']);
  });

  it.each([
    ['cron(15 12 * * ? *)', '2024-01-01T13:00:00', ['2024-01-02T12:15:00', '2024-01-03T12:15:00']],
    ['cron(0 18 ? * MON-FRI *)', '2024-01-05T19:00:00', ['2024-01-08T18:00:00', '2024-01-09T18:00:00']], // Fri evening → Mon
    ['cron(0/15 * * * ? *)', '2024-01-01T10:07:00', ['2024-01-01T10:15:00', '2024-01-01T10:30:00']],
    ['cron(0 0 L * ? *)', '2024-02-10T00:00:00', ['2024-02-29T00:00:00', '2024-03-31T00:00:00']], // last day (leap year)
    ['cron(0 9 ? * 6L *)', '2024-01-01T00:00:00', ['2024-01-26T09:00:00', '2024-02-23T09:00:00']], // last Friday
    ['cron(0 9 ? * 2#1 *)', '2024-01-01T10:00:00', ['2024-02-05T09:00:00', '2024-03-04T09:00:00']], // first Monday
    ['cron(0 8 15W * ? *)', '2024-06-01T00:00:00', ['2024-06-14T08:00:00', '2024-07-15T08:00:00']], // 15 June 2024 is a Saturday
    ['cron(0 8 LW * ? *)', '2024-08-01T00:00:00', ['2024-08-30T08:00:00', '2024-09-30T08:00:00']], // 31 Aug 2024 is a Saturday
    ['cron(30 2 1 JAN,JUL ? 2025)', '2024-01-01T00:00:00', ['2025-01-01T02:30:00', '2025-07-01T02:30:00']],
  ])('%s after %s', (expression, from, expected) => {
    expect(runs(expression, from, expected.length)).toEqual(expected);
  });

  it('cron in a time zone follows daylight saving time', () => {
    // 09:00 in New York: 14:00 UTC in winter, 13:00 UTC after the March change.
    expect(runs('cron(0 9 * * ? *)', '2024-03-09T15:00:00', 2, { timezone: 'America/New_York' })).toEqual([
      '2024-03-10T13:00:00',
      '2024-03-11T13:00:00',
    ]);
  });

  it('stops at the end time and starts at the start time', () => {
    const window = { startTime: utc('2024-01-01T10:00:00'), endTime: utc('2024-01-01T10:30:00') };
    expect(runs('cron(0/20 * * * ? *)', '2024-01-01T00:00:00', 4, window)).toEqual([
      '2024-01-01T10:00:00',
      '2024-01-01T10:20:00',
      undefined,
    ]);
  });

  it.each([
    'cron(0 12 * * *)', // five fields
    'cron(0 12 * * * *)', // neither day field is ?
    'cron(0 12 ? * ? *)', // both are
    'cron(60 12 * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 12 * 13 ? *)',
    'cron(0 12 ? * FOO *)',
    'cron(0 12 * * ? 1900)',
    'cron(5-1 * * * ? *)',
    'cron(*/0 * * * ? *)',
    'rate(0 minutes)',
    'rate(5 weeks)',
    'at(2024-02-30T00:00:00)',
    'at(2024-01-01 00:00:00)',
    'every 5 minutes',
  ])('refuses %s', (expression) => {
    expect(() => parseSchedule(expression)).toThrow(ScheduleError);
  });

  it('knows IANA time zones', () => {
    expect(() => checkTimezone('Europe/Paris')).not.toThrow();
    expect(() => checkTimezone('Mars/Olympus')).toThrow(ScheduleError);
  });
});
