import { describe, expect, it } from 'vitest';
import { CONFLICT, conflictRetry, retryOnConflict, TooManyConflicts, type ConflictRetry } from '../../../src/ports/retry-on-conflict.js';

/** A policy that records its pauses instead of sleeping. */
function recording(attempts: number): ConflictRetry & { pauses: number[] } {
  const pauses: number[] = [];
  return { attempts, pauses, pause: async (n) => void pauses.push(n) };
}

describe('retryOnConflict', () => {
  it('returns the first attempt that did not conflict, pausing before each retry only', async () => {
    const policy = recording(5);
    const seen: number[] = [];
    const out = await retryOnConflict('x', policy, async (n) => (seen.push(n), n < 2 ? CONFLICT : `won at ${n}`));
    expect(out).toBe('won at 2');
    expect(seen).toEqual([0, 1, 2]);
    expect(policy.pauses).toEqual([1, 2]);
  });

  it("gives up after the policy's attempts with TooManyConflicts, naming what it was doing", async () => {
    const policy = recording(3);
    let calls = 0;
    const out = retryOnConflict('UpdateService web', policy, async () => (calls++, CONFLICT));
    await expect(out).rejects.toThrow(TooManyConflicts);
    await expect(out).rejects.toThrow('UpdateService web: gave up after 3 attempts');
    expect(calls).toBe(3);
  });

  it('answers the fallback when one is given', async () => {
    expect(
      await retryOnConflict(
        'x',
        recording(2),
        async () => CONFLICT,
        () => 'fallback',
      ),
    ).toBe('fallback');
  });

  it('lets errors other than conflicts through at once', async () => {
    let calls = 0;
    const out = retryOnConflict('x', recording(5), async () => {
      calls++;
      throw new Error('boom');
    });
    await expect(out).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });

  it('keeps undefined and falsy results (they are answers, not conflicts)', async () => {
    expect(await retryOnConflict('x', recording(2), async () => undefined)).toBeUndefined();
    expect(await retryOnConflict('x', recording(2), async () => false)).toBe(false);
  });

  it('the default policy allows as many attempts as writers it expects on one item (see its comment)', () => {
    expect(conflictRetry.attempts).toBe(50);
  });
});
