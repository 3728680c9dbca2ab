/** Value parsing shared by the agent CLIs (berth-agent, the hollow fleet): every bad value becomes a CliUsageError. */

/** A bad flag or value: the CLI prints the message and its usage, and exits 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function wholeNumber(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new CliUsageError(`${flag} must be a whole number, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function positiveInt(flag: string, raw: string): number {
  const n = wholeNumber(flag, raw);
  if (n === 0) throw new CliUsageError(`${flag} must be at least 1`);
  return n;
}

/** `NAME=VALUE` of a repeatable --attribute flag; the value may be empty or contain '='. */
export function attribute(raw: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new CliUsageError(`--attribute must be NAME=VALUE, not ${JSON.stringify(raw)}`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

/** One of `allowed`, for flags that take a fixed set of words. */
export function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new CliUsageError(`${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
