/**
 * Application Auto Scaling schedules: `at(yyyy-mm-ddThh:mm:ss)`,
 * `rate(<n> minute|minutes|hour|hours|day|days)` and
 * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` in
 * EventBridge's six-field syntax (`* , - /`, `?` in one of the two day
 * fields, `L`, `W`, `#`, month and weekday names, 1 = SUN), evaluated in an
 * IANA time zone (UTC by default). Pure: `nextRun` takes the clock.
 */
export type Schedule = { kind: 'at'; local: LocalTime } | { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: Cron };

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export class ScheduleError extends Error {}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseSchedule(expression: string): Schedule {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw new ScheduleError(`at() names a date or time that does not exist: ${expression}`);
    }
    return { kind: 'at', local: { year, month, day, hour, minute, second } };
  }
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1 || n > 1_000_000) throw new ScheduleError(`rate() needs a whole number of ${rate[2]} from 1: ${expression}`);
    return { kind: 'rate', everyMs: n * RATE_UNITS[rate[2].replace(/s$/, '')] };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return { kind: 'cron', cron: parseCron(cron[1]) };
  throw new ScheduleError(
    `Unsupported schedule expression ${expression}: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields) with six fields.`,
  );
}

/** A time zone Intl knows (IANA names such as Europe/Paris, or UTC). */
export function checkTimezone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ScheduleError(`Unknown time zone ${tz}: use an IANA name such as UTC or America/New_York.`);
  }
}

export interface ScheduleWindow {
  timezone?: string;
  /** Epoch ms: no run before / after. */
  startTime?: number;
  endTime?: number;
  /** Epoch ms: when the action was created (rate schedules count from here without a start time). */
  createdAt: number;
}

/** The first run strictly after `after` (epoch ms) inside the window, or undefined when there is none. */
export function nextRun(schedule: Schedule, after: number, window: ScheduleWindow): number | undefined {
  const tz = window.timezone ?? 'UTC';
  const from = Math.max(after, (window.startTime ?? -Infinity) - 1);
  let next: number | undefined;
  if (schedule.kind === 'at') {
    const t = zonedToUtc(schedule.local, tz);
    next = t > from ? t : undefined;
  } else if (schedule.kind === 'rate') {
    // With a start time the first run is at it; without one, one interval after creation.
    const base = window.startTime ?? window.createdAt + schedule.everyMs;
    next = from < base ? base : base + (Math.floor((from - base) / schedule.everyMs) + 1) * schedule.everyMs;
  } else next = nextCron(schedule.cron, from, tz);
  return next !== undefined && (window.endTime === undefined || next <= window.endTime) ? next : undefined;
}

// ── cron ────────────────────────────────────────────────────────────────

interface Cron {
  minutes: number[];
  hours: number[];
  /** Day-of-month rule, or undefined for `?`. */
  dom?: (year: number, month: number, day: number) => boolean;
  months: Set<number>;
  /** Day-of-week rule (1 = Sunday), or undefined for `?`. */
  dow?: (year: number, month: number, day: number) => boolean;
  years?: Set<number>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseCron(body: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleError(
      `cron() needs six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}: cron(${body})`,
    );
  }
  const [min, hour, dom, month, dow, year] = fields;
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleError(`cron(${body}): exactly one of day-of-month and day-of-week must be '?'.`);
  }
  return {
    minutes: [...values(min, 0, 59, 'minutes')].sort((a, b) => a - b),
    hours: [...values(hour, 0, 23, 'hours')].sort((a, b) => a - b),
    dom: dom === '?' ? undefined : dayOfMonthRule(dom),
    months: values(month, 1, 12, 'month', MONTHS),
    dow: dow === '?' ? undefined : dayOfWeekRule(dow),
    years: year === '*' ? undefined : values(year, 1970, 2199, 'year'),
  };
}

/** `*`, `a`, `a-b`, `*\/s`, `a/s`, `a-b/s`, comma lists; names when given. */
function values(field: string, lo: number, hi: number, what: string, names?: string[]): Set<number> {
  const out = new Set<number>();
  const num = (s: string) => {
    const byName = names?.indexOf(s.toUpperCase()) ?? -1;
    const n = byName >= 0 ? byName + lo : /^\d+$/.test(s) ? Number(s) : NaN;
    if (!(n >= lo && n <= hi)) throw new ScheduleError(`Invalid ${what} value '${s}' (${lo}-${hi}) in cron expression.`);
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleError(`Invalid ${what} step '${stepText}' in cron expression.`);
    let a: number;
    let b: number;
    if (range === '*') [a, b] = [lo, hi];
    else if (range.includes('-')) {
      const [x, y] = range.split('-');
      [a, b] = [num(x), num(y)];
      if (a > b) throw new ScheduleError(`Invalid ${what} range '${range}' in cron expression: it must go upward.`);
    } else [a, b] = [num(range), stepText === undefined ? num(range) : hi];
    for (let v = a; v <= b; v += step) out.add(v);
  }
  return out;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday … 7 = Saturday, as cron counts. */
const weekday = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysIn(year, month);
  const d = Math.min(day, last);
  const wd = weekday(year, month, d);
  if (wd === 7) return d === 1 ? 3 : d - 1; // Saturday → Friday, or Monday the 3rd when the 1st is a Saturday
  if (wd === 1) return d === last ? d - 2 : d + 1; // Sunday → Monday, or Friday when the last day is a Sunday
  return d;
}

function dayOfMonthRule(field: string): Cron['dom'] {
  if (field === 'L') return (y, m, d) => d === daysIn(y, m);
  if (field === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysIn(y, m));
  const w = /^(\d{1,2})W$/.exec(field);
  if (w) {
    const target = Number(w[1]);
    if (target < 1 || target > 31) throw new ScheduleError(`Invalid day-of-month '${field}' in cron expression.`);
    return (y, m, d) => d === nearestWeekday(y, m, target);
  }
  const set = values(field, 1, 31, 'day-of-month');
  return (_y, _m, d) => set.has(d);
}

function dayOfWeekRule(field: string): Cron['dow'] {
  const dayNum = (s: string) => [...values(s, 1, 7, 'day-of-week', DAYS)][0];
  if (field === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const last = /^([A-Za-z]{3}|\d)L$/.exec(field);
  if (last) {
    const wd = dayNum(last[1]);
    return (y, m, d) => weekday(y, m, d) === wd && d + 7 > daysIn(y, m);
  }
  const nth = /^([A-Za-z]{3}|\d)#([1-5])$/.exec(field);
  if (nth) {
    const wd = dayNum(nth[1]);
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === wd && Math.ceil(d / 7) === n;
  }
  const set = values(field, 1, 7, 'day-of-week', DAYS);
  return (y, m, d) => set.has(weekday(y, m, d));
}

/** Looks at most this many days ahead (a leap-day-only cron runs at least every 8 years). */
const HORIZON_DAYS = 366 * 9;

function nextCron(cron: Cron, after: number, tz: string): number | undefined {
  const start = localTime(after, tz);
  let day = Date.UTC(start.year, start.month - 1, start.day);
  for (let i = 0; i < HORIZON_DAYS; i++, day += 86_400_000) {
    const date = new Date(day);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (cron.years && !cron.years.has(y)) continue;
    if (!cron.months.has(m)) continue;
    if (cron.dom ? !cron.dom(y, m, d) : !cron.dow!(y, m, d)) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const t = zonedToUtc({ year: y, month: m, day: d, hour, minute, second: 0 }, tz);
        if (t > after) return t;
      }
    }
  }
  return undefined;
}

// ── time zones ──────────────────────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

function localTime(instant: number, tz: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Local − UTC at an instant, in ms. */
function offsetAt(instant: number, tz: string): number {
  const l = localTime(instant, tz);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(instant / 1000) * 1000;
}

/** A wall-clock time in a zone → epoch ms (a time skipped by a DST jump lands just after the jump). */
export function zonedToUtc(t: LocalTime, tz: string): number {
  const guess = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const first = guess - offsetAt(guess, tz);
  const second = guess - offsetAt(first, tz);
  return second;
}
