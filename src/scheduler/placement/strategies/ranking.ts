import type { Random } from '../random.js';
import type { PlacementStrategy } from '../types.js';
import type { WorkingInstance } from '../working-instance.js';
import { binpackScorer, isBinpackField, type as BINPACK } from './binpack.js';
import { pickRandom, type as RANDOM } from './random.js';
import { isSpreadField, spreadScorer, type as SPREAD } from './spread.js';
import type { Scorer, StrategyContext } from './strategy.js';

/**
 * Turns the strategy list into scorers. The first rule ranks and each later
 * one only breaks the ties left by those before it; `random` ends the chain.
 * Invalid rules throw: validatePlacement rejects them before this point.
 */
export function buildScorers(strategies: readonly PlacementStrategy[], context: StrategyContext): Scorer[] {
  const scorers: Scorer[] = [];
  for (const { type, field } of strategies) {
    if (type === RANDOM) break;
    if (type === BINPACK && isBinpackField(field)) scorers.push(binpackScorer(field));
    else if (type === SPREAD && isSpreadField(field)) scorers.push(spreadScorer(field, context));
    else throw new TypeError(`Invalid placement strategy ${JSON.stringify({ type, field })}`);
  }
  return scorers;
}

/**
 * Picks among the first `count` indexes of `candidates`: the lexicographic
 * minimum of the scorers, ties settled by a seeded random pick. Allocates
 * nothing per call; `ties` and `best` are scratch buffers owned by the caller.
 * Returns -1 when there is no candidate.
 */
export function selectInstance(
  instances: readonly WorkingInstance[],
  candidates: Int32Array,
  count: number,
  scorers: readonly Scorer[],
  random: Random,
  ties: Int32Array,
  best: Float64Array,
): number {
  const depth = scorers.length;
  let tieCount = 0;
  for (let c = 0; c < count; c++) {
    const i = candidates[c]!;
    const instance = instances[i]!;
    if (tieCount === 0) {
      for (let j = 0; j < depth; j++) best[j] = scorers[j]!.score(instance);
      ties[tieCount++] = i;
      continue;
    }
    let order = 0;
    for (let j = 0; j < depth; j++) {
      const score = scorers[j]!.score(instance);
      if (score === best[j]) continue;
      if (score < best[j]!) {
        order = -1;
        best[j] = score;
        for (let k = j + 1; k < depth; k++) best[k] = scorers[k]!.score(instance);
      } else {
        order = 1;
      }
      break;
    }
    if (order < 0) tieCount = 0;
    if (order <= 0) ties[tieCount++] = i;
  }
  return tieCount === 0 ? -1 : pickRandom(ties, tieCount, random);
}

/** Tells every scorer about a placement so incremental tables stay right. */
export function notifyPlaced(scorers: readonly Scorer[], instance: WorkingInstance): void {
  for (const scorer of scorers) scorer.placed?.(instance);
}
