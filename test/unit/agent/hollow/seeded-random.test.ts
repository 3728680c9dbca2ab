import { describe, expect, it } from 'vitest';
import { seededRandom, seedFrom } from '../../../../src/agent/hollow/seeded-random.js';

describe('seededRandom', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('derives distinct seeds from parts', () => {
    expect(seedFrom(1, 'arn:a')).toBe(seedFrom(1, 'arn:a'));
    expect(seedFrom(1, 'arn:a')).not.toBe(seedFrom(1, 'arn:b'));
    expect(seedFrom(1, 'arn:a')).not.toBe(seedFrom(2, 'arn:a'));
  });
});
