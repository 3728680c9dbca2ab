/** The utilization charts' data: the GetMetricData request and its results as aligned series (uPlot's shape). */
import type { GetMetricDataInput, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { Wire } from '../../../src/domain/wire.js';

/** Where Berth publishes its metrics (AWS reserves AWS/*). */
export const METRICS_NAMESPACE = 'Berth/ECS';
export const CHART_WINDOW_SECONDS = 3600;
export const CHART_PERIOD_SECONDS = 60;

export type UtilizationRequest = Wire<GetMetricDataInput> & { StartTime: number; EndTime: number };

export function utilizationQueries(cluster: string, service: string, nowMs: number): UtilizationRequest {
  // Whole periods, so consecutive refreshes ask for the same buckets.
  const end = Math.floor(nowMs / 1000 / CHART_PERIOD_SECONDS) * CHART_PERIOD_SECONDS + CHART_PERIOD_SECONDS;
  const dimensions = [
    { Name: 'ClusterName', Value: cluster },
    { Name: 'ServiceName', Value: service },
  ];
  const query = (Id: string, MetricName: string) => ({
    Id,
    Label: MetricName,
    MetricStat: {
      Metric: { Namespace: METRICS_NAMESPACE, MetricName, Dimensions: dimensions },
      Period: CHART_PERIOD_SECONDS,
      Stat: 'Average',
    },
    ReturnData: true,
  });
  return {
    MetricDataQueries: [query('cpu', 'CPUUtilization'), query('memory', 'MemoryUtilization')],
    StartTime: end - CHART_WINDOW_SECONDS,
    EndTime: end,
    ScanBy: 'TimestampAscending',
  };
}

export interface UtilizationSeries {
  /** Epoch seconds, ascending. */
  times: number[];
  /** Percent per time; null where that metric has no datapoint. */
  cpu: (number | null)[];
  memory: (number | null)[];
  /** The window, for the x axis (so an empty or sparse chart still spans the hour). */
  start: number;
  end: number;
}

const toSeconds = (t: number | string) => (typeof t === 'number' ? t : Date.parse(t) / 1000);

/** Results (possibly split across pages, in any order) → one ascending time axis with both series aligned on it. */
export function utilizationSeries(results: readonly Wire<MetricDataResult>[], start: number, end: number): UtilizationSeries {
  const byId = { cpu: new Map<number, number>(), memory: new Map<number, number>() };
  for (const r of results) {
    const series = r.Id === 'cpu' ? byId.cpu : r.Id === 'memory' ? byId.memory : undefined;
    if (!series) continue;
    (r.Timestamps ?? []).forEach((t, i) => {
      const v = r.Values?.[i];
      if (v !== undefined && Number.isFinite(v)) series.set(toSeconds(t as number | string), v);
    });
  }
  const times = [...new Set([...byId.cpu.keys(), ...byId.memory.keys()])].sort((a, b) => a - b);
  return {
    times,
    cpu: times.map((t) => byId.cpu.get(t) ?? null),
    memory: times.map((t) => byId.memory.get(t) ?? null),
    start,
    end,
  };
}
