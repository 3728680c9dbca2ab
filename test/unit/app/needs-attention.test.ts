import { describe, expect, it } from 'vitest';
import { FULL_CHECK_INTERVAL_MS, needsAttention } from '../../../src/app/reconcile/needs-attention.js';
import { service } from '../scheduler/reconcile/harness.js';

const NOW = Date.UTC(2026, 0, 1);

describe('which services a pass reads the tasks of', () => {
  const steady = service({ desiredCount: 2, runningCount: 2, pendingCount: 0, reconciledAt: NOW - 10_000, dirtyAt: NOW - 20_000 });

  it('not a steady service nobody touched since the last pass', () => {
    expect(needsAttention(steady, NOW, false)).toBe(false);
  });

  it('a service whose tasks changed since (dirty), even in the same millisecond as the pass', () => {
    expect(needsAttention({ ...steady, dirtyAt: NOW - 10_000 }, NOW, false)).toBe(true);
  });

  it('a steady-looking service whose last plan waits for time, once that time comes', () => {
    const waiting = { ...steady, attentionAt: NOW + 5000 };
    expect(needsAttention(waiting, NOW, false)).toBe(false);
    expect(needsAttention(waiting, NOW + 5000, false)).toBe(true);
  });

  it('any service when instances must be emptied, any unsteady one, and every one after the safety interval', () => {
    expect(needsAttention(steady, NOW, true)).toBe(true);
    expect(needsAttention({ ...steady, runningCount: 1 }, NOW, false)).toBe(true);
    expect(needsAttention(steady, steady.reconciledAt + FULL_CHECK_INTERVAL_MS, false)).toBe(true);
    expect(needsAttention({ ...steady, status: 'INACTIVE' }, NOW, true)).toBe(false);
  });
});
