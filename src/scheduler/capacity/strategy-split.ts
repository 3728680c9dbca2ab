/**
 * How tasks divide among a capacity provider strategy's providers, as ECS
 * describes it: a provider's `base` tasks first, then the rest in proportion
 * to the weights ("weight 1 on A and 4 on B: for every task on A, four on
 * B"); a weight of 0 places nothing beyond its base. Pure.
 */
export interface SplitItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

/**
 * How many of `count` new tasks each provider gets (in strategy order), given
 * the tasks each already has (a service's running ones; none for RunTask).
 * One task at a time: to a provider still below its base (strategy order),
 * else to the weighted provider furthest below its proportional share of the
 * tasks beyond bases (ties: strategy order). A lone provider takes everything,
 * whatever its weight.
 */
export function splitByStrategy(strategy: readonly SplitItem[], existing: Readonly<Record<string, number>>, count: number): number[] {
  const added = strategy.map(() => 0);
  if (strategy.length === 0 || count <= 0) return added;
  const has = strategy.map((s) => existing[s.capacityProvider] ?? 0);
  const totalWeight = strategy.reduce((sum, s) => sum + s.weight, 0);
  for (let t = 0; t < count; t++) {
    let pick = strategy.findIndex((s, i) => has[i]! < s.base);
    if (pick < 0) pick = totalWeight === 0 ? 0 : mostBehind(strategy, has, totalWeight);
    has[pick]! += 1;
    added[pick]! += 1;
  }
  return added;
}

/** The weighted provider whose share of the tasks beyond bases lags most (integer arithmetic: no rounding drift). */
function mostBehind(strategy: readonly SplitItem[], has: readonly number[], totalWeight: number): number {
  const beyond = strategy.map((s, i) => Math.max(0, has[i]! - s.base));
  const next = beyond.reduce((a, b) => a + b, 0) + 1;
  let best = -1;
  let bestDeficit = -Infinity;
  strategy.forEach((s, i) => {
    if (s.weight === 0) return;
    const deficit = next * s.weight - beyond[i]! * totalWeight;
    if (deficit > bestDeficit) {
      best = i;
      bestDeficit = deficit;
    }
  });
  return best;
}
