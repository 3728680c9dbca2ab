import { describe, expect, it } from 'vitest';
import { CONFLICT, CONFLICT_LIMITS, retryOnConflict, TooManyConflicts } from '../../../src/domain/retry-on-conflict.js';

describe('retryOnConflict', () => {
  it('returns the first attempt that did not conflict, numbering attempts from 0', async () => {
    const seen: number[] = [];
    const out = await retryOnConflict('x', async (n) => (seen.push(n), n < 2 ? CONFLICT : `done at ${n}`), { backoff: false });
    expect(out).toBe('done at 2');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('gives up after the item limit by default, with TooManyConflicts naming what it tried', async () => {
    let calls = 0;
    const err = await retryOnConflict('update thing', async () => (calls++, CONFLICT), { backoff: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyConflicts);
    expect((err as Error).message).toBe(
      `update thing: gave up after ${CONFLICT_LIMITS.item} conflicting writes (too many concurrent changes)`,
    );
    expect(calls).toBe(CONFLICT_LIMITS.item);
  });

  it('returns what exhaustion means to the caller, after exactly `limit` attempts', async () => {
    let calls = 0;
    const out = await retryOnConflict('x', async () => (calls++, CONFLICT), { limit: 3, backoff: false, onExhausted: () => 'gave up' });
    expect(out).toBe('gave up');
    expect(calls).toBe(3);
  });

  it('does not retry what is not a conflict: an error propagates at once', async () => {
    let calls = 0;
    const boom = new Error('boom');
    await expect(
      retryOnConflict('x', async () => {
        calls++;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(calls).toBe(1);
  });
});
