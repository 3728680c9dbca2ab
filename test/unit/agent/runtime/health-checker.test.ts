import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { HealthStatus } from '../../../../src/protocol/index.js';
import { HealthChecker } from '../../../../src/agent/runtime/process/health-checker.js';

describe('HealthChecker (process driver)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function run(results: boolean[], check: { interval: number; retries: number; startPeriod?: number }) {
    const seen: HealthStatus[] = [];
    const probe = vi.fn(async () => results.shift() ?? false);
    const hc = new HealthChecker({ command: ['CMD-SHELL', 'x'], timeout: 1, ...check }, probe, (h) => seen.push(h), Date.now());
    hc.start();
    return { seen, probe, hc };
  }

  test('turns UNHEALTHY after `retries` consecutive failures, HEALTHY on success', async () => {
    const { seen, hc } = run([true, false, false, true], { interval: 1, retries: 2 });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(seen).toEqual(['HEALTHY', 'UNHEALTHY', 'HEALTHY']);
    hc.stop();
  });

  test('failures during startPeriod do not count', async () => {
    const { seen, hc } = run([false, false, false], { interval: 1, retries: 1, startPeriod: 2.5 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual(['UNHEALTHY']);
    hc.stop();
  });

  test('stop() ends probing', async () => {
    const { probe, hc } = run([], { interval: 1, retries: 3 });
    await vi.advanceTimersByTimeAsync(1_000);
    hc.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
