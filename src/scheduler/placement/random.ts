/**
 * Seeded PRNG (mulberry32). The engine never calls Math.random(): the caller
 * injects a seed so that a placement can be replayed exactly in tests and
 * when investigating a production decision.
 */
export type Random = () => number;

/** Returns a generator of floats in [0, 1); its state lives only in the closure. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomIndex(random: Random, n: number): number {
  return Math.floor(random() * n);
}
