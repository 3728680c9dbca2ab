import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByStrategy, type SplitItem } from '../../../../src/scheduler/capacity/strategy-split.js';

const item = (capacityProvider: string, weight: number, base = 0): SplitItem => ({ capacityProvider, weight, base });

describe('splitByStrategy', () => {
  it.each([
    // strategy, existing, count, expected
    { name: 'a lone provider takes all, whatever its weight', s: [item('a', 0)], e: {}, n: 5, want: [5] },
    { name: 'equal weights split evenly, the first takes the odd one', s: [item('a', 1), item('b', 1)], e: {}, n: 5, want: [3, 2] },
    { name: 'weights 1:4', s: [item('a', 1), item('b', 4)], e: {}, n: 10, want: [2, 8] },
    { name: 'base first, then weights', s: [item('a', 1, 2), item('b', 1)], e: {}, n: 6, want: [4, 2] },
    { name: 'base larger than the count', s: [item('a', 0, 10), item('b', 1)], e: {}, n: 3, want: [3, 0] },
    { name: 'weight 0 gets nothing beyond its base', s: [item('a', 0, 1), item('b', 1)], e: {}, n: 4, want: [1, 3] },
    { name: 'existing tasks count: new ones rebalance', s: [item('a', 1), item('b', 1)], e: { a: 4 }, n: 4, want: [0, 4] },
    { name: 'existing base is not filled twice', s: [item('a', 1, 2), item('b', 1)], e: { a: 2 }, n: 2, want: [1, 1] },
    { name: 'nothing to add', s: [item('a', 1)], e: {}, n: 0, want: [0] },
  ] as { name: string; s: SplitItem[]; e: Record<string, number>; n: number; want: number[] }[])('$name', ({ s, e, n, want }) => {
    expect(splitByStrategy(s, e, n)).toEqual(want);
  });

  const strategies = fc
    .array(fc.record({ weight: fc.integer({ min: 0, max: 1000 }), base: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 6 })
    .map((items) => items.map((x, i) => ({ capacityProvider: `cp${i}`, weight: x.weight, base: i === 0 ? x.base : 0 })))
    .filter((s) => s.length === 1 || s.some((x) => x.weight > 0));

  it('hands out exactly the count, never a negative share', () => {
    fc.assert(
      fc.property(strategies, fc.integer({ min: 0, max: 300 }), (s, n) => {
        const out = splitByStrategy(s, {}, n);
        expect(out.reduce((a, b) => a + b, 0)).toBe(n);
        expect(out.every((x) => x >= 0)).toBe(true);
      }),
    );
  });

  it('fills the base before anything else, and gives weight-0 providers nothing beyond it', () => {
    fc.assert(
      fc.property(strategies, fc.integer({ min: 0, max: 300 }), (s, n) => {
        if (s.length === 1) return;
        const out = splitByStrategy(s, {}, n);
        expect(out[0]).toBeGreaterThanOrEqual(Math.min(n, s[0]!.base));
        s.forEach((x, i) => {
          if (x.weight === 0) expect(out[i]).toBeLessThanOrEqual(x.base);
        });
      }),
    );
  });

  it('keeps every weighted provider within one task of its proportional share beyond the base', () => {
    fc.assert(
      fc.property(strategies, fc.integer({ min: 0, max: 300 }), (s, n) => {
        if (s.length === 1) return;
        const out = splitByStrategy(s, {}, n);
        const beyond = out.map((x, i) => x - Math.min(x, s[i]!.base));
        const total = beyond.reduce((a, b) => a + b, 0);
        const weight = s.reduce((a, x) => a + x.weight, 0);
        s.forEach((x, i) => expect(Math.abs(beyond[i]! - (total * x.weight) / weight)).toBeLessThan(1));
      }),
    );
  });

  it('splits a growing service the same as one that started at that size (house-monotone)', () => {
    fc.assert(
      fc.property(strategies, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (s, first, more) => {
        const a = splitByStrategy(s, {}, first);
        const existing = Object.fromEntries(s.map((x, i) => [x.capacityProvider, a[i]!]));
        const b = splitByStrategy(s, existing, more);
        expect(a.map((x, i) => x + b[i]!)).toEqual(splitByStrategy(s, {}, first + more));
      }),
    );
  });
});
