/**
 * Deterministic randomness for the hollow agent: the same seed always yields
 * the same simulated fleet (which tasks fail, how long each start takes), so a
 * run can be replayed.
 */

/** The placement engine's mulberry32: numbers in [0, 1), the same for a seed. */
export { createRandom as seededRandom } from '../../scheduler/placement/random.js';

/**
 * A 32-bit seed from several parts (FNV-1a). Seeding per task from
 * (fleet seed, task ARN) makes each task's fate independent of the order in
 * which tasks happen to arrive.
 */
export function seedFrom(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
