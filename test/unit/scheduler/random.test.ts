import { describe, expect, it } from 'vitest';
import { createRandom, randomIndex } from '../../../src/scheduler/placement/random.js';

const draw = (seed: number, n: number) => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random());
};

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(7, 50)).toEqual(draw(7, 50));
  });

  it.each([
    [1, 2],
    [0, 0xffffffff],
    [123, 124],
  ])('gives different sequences for seeds %i and %i', (a, b) => {
    expect(draw(a, 10)).not.toEqual(draw(b, 10));
  });

  it('stays within [0, 1) and spreads over the range', () => {
    const values = draw(99, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('picks every index of a range', () => {
    const random = createRandom(5);
    const seen = new Set(Array.from({ length: 500 }, () => randomIndex(random, 7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
