import { randomIndex, type Random } from '../random.js';

export const type = 'random';

/**
 * A uniform, seeded pick among equally ranked candidates. This is the whole
 * `random` strategy: since a random order has no ties, rules after `random`
 * could never decide anything, so the chain stops there and picks. The same
 * pick breaks whatever ties the other rules leave.
 */
export function pickRandom(candidates: Int32Array, count: number, random: Random): number {
  return count === 1 ? candidates[0]! : candidates[randomIndex(random, count)]!;
}
