/** The reconcile trigger's coalescing: a lone change is not held back, a burst costs one invocation per window. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescedTrigger } from '../../../../src/adapters/lambda/reconcile-trigger.js';

describe('coalescedTrigger', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('invokes at once for the first request of a quiet window', () => {
    const calls: string[] = [];
    coalescedTrigger((c) => calls.push(c), 50).request('a');
    expect(calls).toEqual(['a']);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['a']);
  });

  it('folds the requests of a window into one invocation at its end, per cluster', () => {
    const calls: string[] = [];
    const trigger = coalescedTrigger((c) => calls.push(c), 50);
    trigger.request('a');
    trigger.request('b');
    vi.advanceTimersByTime(10);
    trigger.request('a');
    trigger.request('a');
    expect(calls).toEqual(['a', 'b']);
    vi.advanceTimersByTime(40);
    // The trailing invocation comes after the requests it stands for; b had none.
    expect(calls).toEqual(['a', 'b', 'a']);
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('a steady stream of requests costs one invocation per window', () => {
    const calls: string[] = [];
    const trigger = coalescedTrigger((c) => calls.push(c), 50);
    for (let t = 0; t < 500; t += 5) {
      trigger.request('a');
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    expect(calls.length).toBeGreaterThanOrEqual(10);
    expect(calls.length).toBeLessThanOrEqual(11);
  });
});
