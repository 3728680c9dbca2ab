import { describe, expect, it } from 'vitest';
import { containerBehavior, DEFAULT_BEHAVIOR, parseBehavior } from '../../../../src/agent/hollow/hollow-behavior.js';
import { planTask } from '../../../../src/agent/hollow/hollow-plan.js';
import type { ContainerSpec } from '../../../../src/protocol/index.js';
import { makeTaskSpec } from '../../../support/task-specs.js';

const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));
const container = (name: string, vars: Record<string, string> = {}, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image: `${name}:latest`,
  environment: env(vars),
  ...extra,
});

describe('parseBehavior', () => {
  it('reads every HOLLOW_* variable', () => {
    expect(
      parseBehavior({
        HOLLOW_START_DELAY_MS: '250',
        HOLLOW_START_JITTER_MS: '50',
        HOLLOW_FAIL_RATE: '0.25',
        HOLLOW_EXIT_AFTER_MS: '1000',
        HOLLOW_EXIT_CODE: '137',
        HOLLOW_HEALTH: 'unhealthy',
        HOLLOW_HEALTH_DELAY_MS: '10',
        HOLLOW_STOP_DELAY_MS: '5',
        PATH: '/usr/bin',
      }),
    ).toEqual({
      behavior: {
        startDelayMs: 250,
        startJitterMs: 50,
        failRate: 0.25,
        exitAfterMs: 1000,
        exitCode: 137,
        health: 'UNHEALTHY',
        healthDelayMs: 10,
        stopDelayMs: 5,
      },
      errors: [],
    });
    expect(parseBehavior({ HOLLOW_EXIT_AFTER_MS: 'never' }).behavior.exitAfterMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('names each invalid value', () => {
    expect(
      parseBehavior({ HOLLOW_FAIL_RATE: '2', HOLLOW_START_DELAY_MS: '-1', HOLLOW_HEALTH: 'meh', HOLLOW_EXIT_CODE: '300' }).errors,
    ).toEqual([
      'HOLLOW_START_DELAY_MS="-1" is not a whole number of milliseconds',
      'HOLLOW_FAIL_RATE="2" is not a number from 0 to 1',
      'HOLLOW_EXIT_CODE="300" is not an exit code from 0 to 255',
      'HOLLOW_HEALTH="meh" is not HEALTHY or UNHEALTHY',
    ]);
  });

  it('lets a container override the fleet default', () => {
    const fleet = { ...DEFAULT_BEHAVIOR, startDelayMs: 100, exitAfterMs: 5000 };
    expect(containerBehavior(fleet, container('web', { HOLLOW_EXIT_AFTER_MS: 'never' })).behavior).toEqual({
      ...fleet,
      exitAfterMs: Number.POSITIVE_INFINITY,
    });
  });
});

describe('planTask', () => {
  const half = () => 0.5;

  it('takes the largest start delay, jitter and failure rate among the containers', () => {
    const spec = makeTaskSpec({
      containers: [
        container('a', { HOLLOW_START_DELAY_MS: '100', HOLLOW_START_JITTER_MS: '40' }),
        container('b', { HOLLOW_START_DELAY_MS: '300', HOLLOW_FAIL_RATE: '0.6' }),
      ],
    });
    const plan = planTask(spec, DEFAULT_BEHAVIOR, half);
    expect(plan.launchDelayMs).toBe(320);
    expect(plan.failure).toEqual({ container: 'a', reason: 'CannotPullContainerError: hollow: simulated pull failure for a:latest' });
  });

  it('plans exits and health per container', () => {
    const spec = makeTaskSpec({
      containers: [
        container('app', { HOLLOW_EXIT_AFTER_MS: '10', HOLLOW_EXIT_CODE: '2' }, { healthCheck: { command: ['CMD', 'true'] } }),
        container('sidecar', { HOLLOW_HEALTH: 'UNHEALTHY' }, { essential: false }),
        container('plain'),
      ],
    });
    expect(planTask(spec, DEFAULT_BEHAVIOR, half).containers).toEqual([
      { name: 'app', essential: true, exitAfterMs: 10, exitCode: 2, health: 'HEALTHY', healthDelayMs: 0 },
      { name: 'sidecar', essential: false, exitAfterMs: Number.POSITIVE_INFINITY, exitCode: 0, health: 'UNHEALTHY', healthDelayMs: 0 },
      { name: 'plain', essential: true, exitAfterMs: Number.POSITIVE_INFINITY, exitCode: 0, health: undefined, healthDelayMs: 0 },
    ]);
  });

  it('fails a misconfigured task at once, saying why', () => {
    const spec = makeTaskSpec({ containers: [container('web', { HOLLOW_FAIL_RATE: 'often' })] });
    expect(planTask(spec, DEFAULT_BEHAVIOR, half)).toMatchObject({
      launchDelayMs: 0,
      failure: { container: 'web', reason: 'CannotStartContainerError: hollow: HOLLOW_FAIL_RATE="often" is not a number from 0 to 1' },
    });
  });
});
