import { describe, expect, it } from 'vitest';
import { backoffDelay, jittered } from '../../../../src/agent/control-loop/backoff.js';

const policy = { initialMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, between half and all of each step', () => {
    const low = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 1));
    expect(low).toEqual([50, 100, 200, 400, 500, 500]);
    expect(high).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stays finite for huge attempt counts', () => {
    expect(backoffDelay(10_000, policy, () => 0.5)).toBe(750);
  });
});

describe('jittered', () => {
  it('moves an interval by at most the given fraction', () => {
    expect(jittered(1000, 0.1, () => 0)).toBe(900);
    expect(jittered(1000, 0.1, () => 0.5)).toBe(1000);
    expect(jittered(1000, 0.1, () => 1)).toBe(1100);
  });
});
