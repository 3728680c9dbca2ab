/**
 * Seeded randomness for the controller's own choices (which of equally good
 * tasks to stop): the placement engine's generator, with a seed per stream.
 */
export { createRandom, type Random } from '../placement/random.js';

/** A distinct, well-mixed seed per stream (per service of a pass, per purpose), from one seed. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
