/**
 * How a hollow (simulated) container behaves: start delay and jitter, failure
 * rate, exit after a time with a code, health, stop delay. Each knob has a
 * fleet-wide default (CLI flags or the CLI's environment) and can be
 * overridden per task definition through a container's `environment`, under
 * the HOLLOW_* names below; README.md in this folder documents them. Start
 * delay, jitter and failure rate apply to the whole task (the largest value
 * among its containers wins); exit and health are per container.
 */
import type { ContainerSpec, HealthStatus } from '../../protocol/index.js';

export interface HollowBehavior {
  startDelayMs: number;
  startJitterMs: number;
  failRate: number;
  /** Infinity = never exits on its own. */
  exitAfterMs: number;
  exitCode: number;
  health?: Exclude<HealthStatus, 'UNKNOWN'>;
  healthDelayMs: number;
  stopDelayMs: number;
}

export const DEFAULT_BEHAVIOR: HollowBehavior = {
  startDelayMs: 0,
  startJitterMs: 0,
  failRate: 0,
  exitAfterMs: Number.POSITIVE_INFINITY,
  exitCode: 0,
  healthDelayMs: 0,
  stopDelayMs: 0,
};

export const HOLLOW_ENV = {
  startDelayMs: 'HOLLOW_START_DELAY_MS',
  startJitterMs: 'HOLLOW_START_JITTER_MS',
  failRate: 'HOLLOW_FAIL_RATE',
  exitAfterMs: 'HOLLOW_EXIT_AFTER_MS',
  exitCode: 'HOLLOW_EXIT_CODE',
  health: 'HOLLOW_HEALTH',
  healthDelayMs: 'HOLLOW_HEALTH_DELAY_MS',
  stopDelayMs: 'HOLLOW_STOP_DELAY_MS',
} as const satisfies Record<keyof HollowBehavior, string>;

export interface ParsedBehavior {
  /** Only the knobs that were set. */
  behavior: Partial<HollowBehavior>;
  /** One message per invalid variable, e.g. `HOLLOW_FAIL_RATE="abc" is not a number from 0 to 1`. */
  errors: string[];
}

type Parser = (raw: string) => number | string | undefined;

const millis: Parser = (raw) => (/^\d+$/.test(raw) ? Number(raw) : undefined);
const PARSERS: Record<keyof HollowBehavior, [Parser, string]> = {
  startDelayMs: [millis, 'a whole number of milliseconds'],
  startJitterMs: [millis, 'a whole number of milliseconds'],
  failRate: [(raw) => (raw.trim() !== '' && Number(raw) >= 0 && Number(raw) <= 1 ? Number(raw) : undefined), 'a number from 0 to 1'],
  exitAfterMs: [
    (raw) => (raw.toLowerCase() === 'never' ? Number.POSITIVE_INFINITY : millis(raw)),
    'a whole number of milliseconds or "never"',
  ],
  exitCode: [(raw) => (/^\d+$/.test(raw) && Number(raw) <= 255 ? Number(raw) : undefined), 'an exit code from 0 to 255'],
  health: [(raw) => (['HEALTHY', 'UNHEALTHY'].includes(raw.toUpperCase()) ? raw.toUpperCase() : undefined), 'HEALTHY or UNHEALTHY'],
  healthDelayMs: [millis, 'a whole number of milliseconds'],
  stopDelayMs: [millis, 'a whole number of milliseconds'],
};

/** Reads the HOLLOW_* variables out of `vars` (a process environment or a container's environment). */
export function parseBehavior(vars: Readonly<Record<string, string | undefined>>): ParsedBehavior {
  const behavior: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of Object.keys(HOLLOW_ENV) as (keyof HollowBehavior)[]) {
    const raw = vars[HOLLOW_ENV[key]];
    if (raw === undefined) continue;
    const [parse, expected] = PARSERS[key];
    const value = parse(raw.trim());
    if (value === undefined) errors.push(`${HOLLOW_ENV[key]}=${JSON.stringify(raw)} is not ${expected}`);
    else behavior[key] = value;
  }
  return { behavior: behavior as Partial<HollowBehavior>, errors };
}

/** The fleet default overridden by the container's own HOLLOW_* environment variables. */
export function containerBehavior(fleet: HollowBehavior, container: ContainerSpec): { behavior: HollowBehavior; errors: string[] } {
  const vars = Object.fromEntries((container.environment ?? []).flatMap((kv) => (kv.name ? [[kv.name, kv.value ?? '']] : [])));
  const parsed = parseBehavior(vars);
  return { behavior: { ...fleet, ...parsed.behavior }, errors: parsed.errors };
}
