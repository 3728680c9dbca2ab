/**
 * Deterministic randomness for the hollow agent: the same seed always yields
 * the same simulated fleet (which tasks fail, how long each start takes), so a
 * run can be replayed. The agent's own generator: it shares no code with the
 * control plane but the protocol.
 */

/** SplitMix32: numbers in [0, 1), the same sequence for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
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
