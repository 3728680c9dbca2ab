/**
 * The arithmetic of Application Auto Scaling policies, pure and table-tested
 * (test/unit/scaling/capacity.test.ts). Results are raw: the caller clamps to
 * the target's min/max and applies cooldowns.
 */
import type { StepAdjustment } from '@aws-sdk/client-application-auto-scaling';

/** Floating-point noise (2 × 50 / 50 must stay 2, not become 2.0000000001 and round up to 3). */
const EPSILON = 1e-9;
const ceil = (x: number) => Math.ceil(x - EPSILON);

/**
 * Target tracking, proportional: the capacity that would bring the metric to
 * the target if load spreads evenly, ceil(current × metric ÷ target).
 * Scale-out adds at least one (from zero: one). Scale-in is gentler: it never
 * removes more than half the current capacity in one activity (and at least
 * one), on top of the low alarm needing 15 periods against the high alarm's 3.
 */
export function targetTrackingCapacity(current: number, metric: number, target: number, direction: 'out' | 'in'): number {
  if (target <= 0) return current;
  const proportional = ceil((current * metric) / target);
  if (direction === 'out') return current === 0 ? Math.max(1, proportional) : Math.max(current, proportional);
  const floor = current - Math.max(1, Math.floor(current / 2));
  return Math.min(current, Math.max(proportional, floor));
}

export type AdjustmentType = 'ChangeInCapacity' | 'PercentChangeInCapacity' | 'ExactCapacity';

/**
 * The step whose interval holds `delta` (metric − alarm threshold). Above
 * the threshold (delta ≥ 0) the lower bound is inclusive and the upper
 * exclusive; below it the lower bound is exclusive and the upper inclusive
 * (Application Auto Scaling's StepAdjustment rules). Missing bounds are ∓∞.
 */
export function stepFor(steps: readonly StepAdjustment[], delta: number): StepAdjustment | undefined {
  return steps.find((s) => {
    const lower = s.MetricIntervalLowerBound ?? -Infinity;
    const upper = s.MetricIntervalUpperBound ?? Infinity;
    return delta >= 0 ? lower <= delta && delta < upper : lower < delta && delta <= upper;
  });
}

/**
 * New capacity for one step. PercentChangeInCapacity rounds as Application
 * Auto Scaling does: a change above 1 rounds down, between 0 and 1 becomes 1,
 * between −1 and 0 becomes −1, below −1 rounds up (toward zero); then
 * MinAdjustmentMagnitude raises a smaller change to that magnitude.
 */
export function stepCapacity(current: number, type: AdjustmentType, adjustment: number, minAdjustmentMagnitude?: number): number {
  if (type === 'ExactCapacity') return adjustment;
  if (type === 'ChangeInCapacity') return current + adjustment;
  const raw = (current * adjustment) / 100;
  let change = raw > 1 ? Math.floor(raw + EPSILON) : raw > 0 ? 1 : raw === 0 ? 0 : raw >= -1 ? -1 : Math.ceil(raw - EPSILON);
  if (minAdjustmentMagnitude && change !== 0 && Math.abs(change) < minAdjustmentMagnitude) {
    change = Math.sign(change) * minAdjustmentMagnitude;
  }
  return current + change;
}

/** Aggregates an alarm's recent datapoints as a step policy's MetricAggregationType asks (Average when unset). */
export function aggregate(values: readonly number[], type: 'Average' | 'Minimum' | 'Maximum' = 'Average'): number | undefined {
  if (values.length === 0) return undefined;
  if (type === 'Minimum') return Math.min(...values);
  if (type === 'Maximum') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Why a set of step adjustments is invalid, worded for a ValidationException,
 * or undefined when it is valid: each interval's lower bound below its upper
 * bound, at most one interval open below and one open above, and the
 * intervals neither overlapping nor leaving gaps between them.
 */
export function stepAdjustmentsProblem(steps: readonly StepAdjustment[], type: AdjustmentType): string | undefined {
  if (steps.length === 0) return 'StepAdjustments must contain at least one step adjustment.';
  for (const s of steps) {
    const { MetricIntervalLowerBound: lo, MetricIntervalUpperBound: hi } = s;
    if (lo === undefined && hi === undefined && steps.length > 1) {
      return 'Only one step adjustment may have neither a lower nor an upper bound (it covers every value).';
    }
    if (lo !== undefined && hi !== undefined && !(lo < hi)) {
      return `The upper bound (${hi}) of a step adjustment must be greater than its lower bound (${lo}).`;
    }
    if (type === 'ExactCapacity' && (s.ScalingAdjustment ?? 0) < 0) return 'ExactCapacity step adjustments must not be negative.';
  }
  if (steps.filter((s) => s.MetricIntervalLowerBound === undefined).length > 1) {
    return 'Only one step adjustment may have a null lower bound (negative infinity).';
  }
  if (steps.filter((s) => s.MetricIntervalUpperBound === undefined).length > 1) {
    return 'Only one step adjustment may have a null upper bound (positive infinity).';
  }
  const sorted = [...steps].sort((a, b) => (a.MetricIntervalLowerBound ?? -Infinity) - (b.MetricIntervalLowerBound ?? -Infinity));
  for (let i = 1; i < sorted.length; i++) {
    const prevUpper = sorted[i - 1].MetricIntervalUpperBound ?? Infinity;
    const lower = sorted[i].MetricIntervalLowerBound ?? -Infinity;
    if (prevUpper > lower) return `Step adjustments overlap: an interval ending at ${fmt(prevUpper)} and one starting at ${fmt(lower)}.`;
    if (prevUpper < lower) return `Step adjustments leave a gap between ${fmt(prevUpper)} and ${fmt(lower)}: no step covers it.`;
  }
  return undefined;
}

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+infinity' : '-infinity');
