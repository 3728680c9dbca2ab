import { describe, expect, it } from 'vitest';
import { addReport, emptyUsage, mergeUsage, metricData } from '../../../src/domain/metrics/usage.js';

const MIB = 2 ** 20;

describe('ECS metrics from folded usage', () => {
  it('service CPU is used ÷ reserved over its tasks (over 100 % allowed), memory against the hard limit', () => {
    const u = emptyUsage('i-1');
    // One core = 1024 units: 25 % of a core on a 128-unit task is 200 %.
    addReport(u, [
      { service: 'web', cpuPercent: 25, memoryBytes: 32 * MIB, cpuReserved: 128, memReserved: 128 },
      { service: 'web', cpuPercent: 12.5, memoryBytes: 64 * MIB, cpuReserved: 256, memReserved: 128 },
      { cpuPercent: 10, memoryBytes: 10 * MIB, cpuReserved: 0, memReserved: 0 }, // a standalone task: cluster totals only
    ]);
    const data = metricData({ cluster: 'c', timestamp: 60_000, usage: [u], storageResolution: 60 });
    const byName = Object.fromEntries(data.map((d) => [`${d.MetricName}/${d.Dimensions!.length}`, d.StatisticValues ?? d.Value]));
    // (256 + 128) ÷ (128 + 256) = 100 %; extremes 200 % and 50 %.
    expect(byName['CPUUtilization/2']).toEqual({ SampleCount: 2, Sum: 200, Minimum: 50, Maximum: 200 });
    // 96 MiB ÷ 256 MiB = 37.5 %; extremes 25 % and 50 %.
    expect(byName['MemoryUtilization/2']).toEqual({ SampleCount: 2, Sum: 75, Minimum: 25, Maximum: 50 });
    // No registered instances given: no cluster metrics.
    expect(byName['CPUUtilization/1']).toBeUndefined();
  });

  it('cluster reservation and utilization against what ACTIVE instances registered; counts per service', () => {
    const a = emptyUsage('i-1');
    addReport(a, [{ service: 's', cpuPercent: 100, memoryBytes: 512 * MIB, cpuReserved: 1024, memReserved: 1024 }]);
    addReport(a, [{ service: 's', cpuPercent: 50, memoryBytes: 512 * MIB, cpuReserved: 1024, memReserved: 1024 }]);
    // The same instance written by a second process: merged before averaging, not counted twice.
    const a2 = emptyUsage('i-1');
    addReport(a2, [{ service: 's', cpuPercent: 150, memoryBytes: 512 * MIB, cpuReserved: 1024, memReserved: 1024 }]);
    const data = metricData({
      cluster: 'c',
      timestamp: 0,
      usage: [a, a2],
      services: [{ name: 's', running: 2, pending: 1, desired: 3 }],
      instances: [
        { registeredCpu: 2048, remainingCpu: 1024, registeredMemory: 4096, remainingMemory: 3072 },
        { registeredCpu: 2048, remainingCpu: 2048, registeredMemory: 4096, remainingMemory: 4096 },
      ],
      storageResolution: 1,
    });
    const cluster = Object.fromEntries(data.filter((d) => d.Dimensions!.length === 1).map((d) => [d.MetricName, d.StatisticValues]));
    expect(cluster.CPUReservation).toEqual({ SampleCount: 2, Sum: 50, Minimum: 0, Maximum: 50 });
    expect(cluster.MemoryReservation).toEqual({ SampleCount: 2, Sum: 25, Minimum: 0, Maximum: 25 });
    // i-1 used on average (1024 + 512 + 1536) ÷ 3 = 1024 units of 4096 registered.
    expect(cluster.CPUUtilization).toEqual({ SampleCount: 1, Sum: 25, Minimum: 25, Maximum: 25 });
    expect(cluster.MemoryUtilization).toEqual({ SampleCount: 1, Sum: 6.25, Minimum: 6.25, Maximum: 6.25 });
    const counts = data.filter((d) => d.MetricName!.endsWith('TaskCount')).map((d) => [d.MetricName, d.Value, d.Unit, d.StorageResolution]);
    expect(counts).toEqual([
      ['RunningTaskCount', 2, 'Count', 1],
      ['PendingTaskCount', 1, 'Count', 1],
      ['DesiredTaskCount', 3, 'Count', 1],
    ]);
    expect(mergeUsage(a, a2)).toMatchObject({ samples: 3, services: { s: { cpuSamples: 3, cpuMax: 150, cpuMin: 50 } } });
  });
});
