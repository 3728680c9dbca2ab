import { describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE, utilizationQueries, utilizationSeries } from '../../../console/src/model/metrics.js';

describe('utilization metrics', () => {
  it('asks for the last hour of per-minute CPU and memory averages of one service, on whole minutes', () => {
    const req = utilizationQueries('prod', 'web', 1_700_000_030_500);
    expect(req.EndTime % 60).toBe(0);
    expect(req.EndTime).toBeGreaterThan(1_700_000_030);
    expect(req.EndTime - req.StartTime).toBe(3600);
    expect(req.MetricDataQueries!.map((q) => [q.Id, q.MetricStat!.Metric!.MetricName, q.MetricStat!.Period, q.MetricStat!.Stat])).toEqual([
      ['cpu', 'CPUUtilization', 60, 'Average'],
      ['memory', 'MemoryUtilization', 60, 'Average'],
    ]);
    expect(req.MetricDataQueries![0].MetricStat!.Metric).toEqual({
      Namespace: METRICS_NAMESPACE,
      MetricName: 'CPUUtilization',
      Dimensions: [
        { Name: 'ClusterName', Value: 'prod' },
        { Name: 'ServiceName', Value: 'web' },
      ],
    });
    // Two refreshes within the same minute ask for the same window.
    expect(utilizationQueries('prod', 'web', 1_700_000_031_000).StartTime).toBe(req.StartTime);
  });

  it('aligns both series on one ascending time axis, pages merged, gaps as null', () => {
    const series = utilizationSeries(
      [
        { Id: 'memory', Timestamps: [180, 60], Values: [40, 20] },
        { Id: 'cpu', Timestamps: [120, 60], Values: [55.5, 12] },
        { Id: 'cpu', Timestamps: [180], Values: [70] }, // the next page
        { Id: 'other', Timestamps: [240], Values: [1] },
      ],
      0,
      3600,
    );
    expect(series).toEqual({ times: [60, 120, 180], cpu: [12, 55.5, 70], memory: [20, null, 40], start: 0, end: 3600 });
  });

  it('reads ISO timestamps as well as epoch seconds, and drops non-finite values', () => {
    const series = utilizationSeries(
      [{ Id: 'cpu', Timestamps: ['1970-01-01T00:01:00Z' as unknown as number, 120], Values: [1, NaN] }],
      0,
      3600,
    );
    expect(series.times).toEqual([60]);
    expect(series.cpu).toEqual([1]);
    expect(utilizationSeries([], 0, 3600)).toEqual({ times: [], cpu: [], memory: [], start: 0, end: 3600 });
  });
});
