/**
 * Datapoints as the local CloudWatch keeps them: statistic sets (a raw value
 * is a set of one; Values/Counts fold into one set), so every standard
 * statistic of any period is exact. Percentiles would need the raw
 * distribution; the twin refuses them instead of approximating.
 */
export interface StoredPoint {
  /** Epoch ms (seconds precision for high-resolution data, minute for standard). */
  t: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  unit?: string;
}

export type StandardStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
export const STANDARD_STATISTICS: readonly StandardStatistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

export interface PeriodAggregate {
  /** Epoch ms of the period's start. */
  start: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  unit?: string;
}

export function statisticOf(a: PeriodAggregate, stat: StandardStatistic): number {
  switch (stat) {
    case 'SampleCount':
      return a.n;
    case 'Sum':
      return a.sum;
    case 'Minimum':
      return a.min;
    case 'Maximum':
      return a.max;
    case 'Average':
      return a.n === 0 ? 0 : a.sum / a.n;
  }
}

/**
 * Points grouped into periods aligned on multiples of `periodMs` since the
 * epoch, oldest first; periods without data are absent. `unit`, when given,
 * keeps only points published with that unit (CloudWatch treats each unit as
 * its own series).
 */
export function aggregateByPeriod(points: readonly StoredPoint[], periodMs: number, unit?: string): PeriodAggregate[] {
  const byStart = new Map<number, PeriodAggregate>();
  for (const p of points) {
    if (unit !== undefined && (p.unit ?? 'None') !== unit) continue;
    const start = Math.floor(p.t / periodMs) * periodMs;
    const a = byStart.get(start);
    if (!a) byStart.set(start, { start, n: p.n, sum: p.sum, min: p.min, max: p.max, unit: p.unit });
    else {
      a.n += p.n;
      a.sum += p.sum;
      a.min = Math.min(a.min, p.min);
      a.max = Math.max(a.max, p.max);
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
