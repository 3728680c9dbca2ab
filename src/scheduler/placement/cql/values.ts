/**
 * How CQL arguments are read and compared. Shared by the parser (which rejects
 * arguments that can never match their subject) and the evaluator.
 */

/** A registeredAt argument denotes an interval: a whole day, second or millisecond. */
export interface DateInterval {
  start: number;
  end: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Accepts the formats ECS documents: 2018-06-18T22:28:28+00:00,
 * 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 (UTC) and 2018-06-18 (the UTC day).
 * Fractional seconds are accepted too.
 */
export function parseCqlDate(text: string): DateInterval | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const back = new Date(local);
  // Date.UTC rolls 2018-02-30 over to March; a round trip catches that.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const start = local - offsetMillis(m[8]);
  const resolution = m[4] === undefined ? 86_400_000 : m[7] === undefined ? 1000 : 1;
  return { start, end: start + resolution };
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

export const isCount = (text: string) => /^\d{1,9}$/.test(text);

const VERSION = /^\d+(\.\d+)*$/;
export const isVersion = (text: string) => VERSION.test(text);

/** Dotted numeric versions compare part by part, so 1.14.5 > 1.9.0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Ordering of attribute values, which are untyped strings: numbers compare as
 * numbers, dotted versions as versions, anything else by code unit.
 */
export function compareOrdered(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Math.sign(Number(a) - Number(b));
  if (VERSION.test(a) && VERSION.test(b)) return compareVersions(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * ECS documents `=~` as a Java regular expression matched against the whole
 * value (Pattern.matches), e.g. `t3.*`. A pattern that is not a valid regular
 * expression, such as `*.large`, is read as a wildcard instead: `*` matches any
 * run of characters and `?` one character.
 */
export function compileCqlPattern(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/]/g, '\\$&')))
      .join('');
    return new RegExp(`^${body}$`);
  }
}
