import { describe, expect, it } from 'vitest';
import { aggregate, stepAdjustmentsProblem, stepCapacity, stepFor, targetTrackingCapacity } from '../../../src/domain/scaling/capacity.js';

describe('targetTrackingCapacity', () => {
  it.each([
    // current, metric, target, direction, expected
    [1, 100, 50, 'out', 2],
    [2, 100, 50, 'out', 4],
    [3, 80, 50, 'out', 5], // ceil(4.8)
    [10, 50.1, 50, 'out', 11], // a hair above the target still adds one
    [4, 50, 50, 'out', 4], // at the target: nothing to add
    [0, 100, 50, 'out', 1], // from zero: one
    [2, 50, 50, 'in', 2], // 2 × 50 / 50 is exactly 2 (no float creep to 3)
    [4, 20, 50, 'in', 2], // ceil(1.6) = 2
    [10, 0, 50, 'in', 5], // idle: at most half removed per activity
    [3, 0, 50, 'in', 2], // …and at least one
    [1, 0, 50, 'in', 0],
    [4, 60, 50, 'in', 4], // above target: scale-in removes nothing
  ] as const)('%d tasks at %d%% against %d%%, scale-%s → %d', (current, metric, target, direction, expected) => {
    expect(targetTrackingCapacity(current, metric, target, direction)).toBe(expected);
  });
});

describe('step scaling', () => {
  const steps = [
    { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
    { MetricIntervalLowerBound: 10, MetricIntervalUpperBound: 20, ScalingAdjustment: 2 },
    { MetricIntervalLowerBound: 20, ScalingAdjustment: 3 },
    { MetricIntervalUpperBound: 0, ScalingAdjustment: -1 },
  ];

  it.each([
    [0, 1],
    [9.99, 1],
    [10, 2], // above the threshold: lower bound inclusive, upper exclusive
    [25, 3],
    [-0.5, -1],
    [-1000, -1],
  ])('delta %d picks adjustment %d', (delta, adjustment) => {
    expect(stepFor(steps, delta)?.ScalingAdjustment).toBe(adjustment);
  });

  it('below the threshold the upper bound is inclusive and the lower exclusive', () => {
    const below = [
      { MetricIntervalLowerBound: -10, MetricIntervalUpperBound: 0, ScalingAdjustment: -1 },
      { MetricIntervalUpperBound: -10, ScalingAdjustment: -2 },
    ];
    expect(stepFor(below, -10)?.ScalingAdjustment).toBe(-2);
    expect(stepFor(below, -9.5)?.ScalingAdjustment).toBe(-1);
  });

  it.each([
    // current, type, adjustment, minMagnitude, expected
    [4, 'ChangeInCapacity', 2, undefined, 6],
    [4, 'ChangeInCapacity', -5, undefined, -1], // raw: the caller clamps to min
    [4, 'ExactCapacity', 7, undefined, 7],
    [10, 'PercentChangeInCapacity', 25, undefined, 12], // 2.5 → 2 (rounded down)
    [4, 'PercentChangeInCapacity', 25, undefined, 5], // 1 → 1
    [2, 'PercentChangeInCapacity', 25, undefined, 3], // 0.5 → 1
    [2, 'PercentChangeInCapacity', -25, undefined, 1], // -0.5 → -1
    [10, 'PercentChangeInCapacity', -25, undefined, 8], // -2.5 → -2 (rounded toward zero)
    [4, 'PercentChangeInCapacity', 25, 2, 6], // AWS's example: 25 % of 4 is 1, MinAdjustmentMagnitude 2 makes it 2
    [10, 'PercentChangeInCapacity', -10, 3, 7],
    [3, 'PercentChangeInCapacity', 200, undefined, 9],
  ] as const)('%d %s %d (min magnitude %s) → %d', (current, type, adjustment, min, expected) => {
    expect(stepCapacity(current, type, adjustment, min)).toBe(expected);
  });

  it.each([
    [[], 'at least one'],
    [[{ ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }], 'neither a lower nor an upper bound'],
    [[{ MetricIntervalLowerBound: 5, MetricIntervalUpperBound: 5, ScalingAdjustment: 1 }], 'greater than its lower bound'],
    [
      [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 15, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 10, ScalingAdjustment: 2 },
      ],
      'overlap',
    ],
    [
      [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 },
      ],
      'gap',
    ],
    [
      [
        { MetricIntervalLowerBound: 0, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 10, ScalingAdjustment: 2 },
      ],
      'null upper bound',
    ],
    [
      [
        { MetricIntervalUpperBound: 0, ScalingAdjustment: -1 },
        { MetricIntervalUpperBound: -10, ScalingAdjustment: -2 },
      ],
      'null lower bound',
    ],
  ])('refuses %j (%s)', (s, message) => {
    expect(stepAdjustmentsProblem(s, 'ChangeInCapacity')).toContain(message);
  });

  it('accepts contiguous intervals in any order, and one interval open on both ends', () => {
    expect(stepAdjustmentsProblem([...steps].reverse(), 'ChangeInCapacity')).toBeUndefined();
    expect(stepAdjustmentsProblem([{ ScalingAdjustment: 2 }], 'ChangeInCapacity')).toBeUndefined();
    expect(stepAdjustmentsProblem([{ ScalingAdjustment: -1 }], 'ExactCapacity')).toContain('must not be negative');
  });

  it('aggregates alarm datapoints by MetricAggregationType', () => {
    expect(aggregate([10, 20, 60])).toBe(30);
    expect(aggregate([10, 20, 60], 'Minimum')).toBe(10);
    expect(aggregate([10, 20, 60], 'Maximum')).toBe(60);
    expect(aggregate([])).toBeUndefined();
  });
});
