import type { Scorer } from './strategy.js';

export const type = 'binpack';
export const BINPACK_FIELDS = ['cpu', 'memory'] as const;
export type BinpackField = (typeof BINPACK_FIELDS)[number];

export const isBinpackField = (field: string | undefined): field is BinpackField =>
  (BINPACK_FIELDS as readonly (string | undefined)[]).includes(field);

/**
 * Least remaining cpu or memory first. Only candidates that passed the
 * filters are scored, so "least remaining that still fits" needs nothing more.
 */
export function binpackScorer(field: BinpackField): Scorer {
  return field === 'cpu' ? { score: (instance) => instance.remainingCpu } : { score: (instance) => instance.remainingMemory };
}
