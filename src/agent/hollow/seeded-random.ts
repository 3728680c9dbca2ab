/**
 * Deterministic randomness for the hollow agent: the same seed always yields
 * the same simulated fleet (which tasks fail, how long each start takes), so a
 * run can be replayed.
 */

/** mulberry32: a tiny, fast 32-bit generator, plenty for simulation. Returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
