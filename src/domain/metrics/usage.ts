/**
 * Task usage folded into what ECS's metrics need, before anything is stored
 * (pure; test/unit/metrics/usage.test.ts):
 *
 * - per service: sums of CPU used and reserved (units) and memory used and
 *   reserved (MiB) over every task sample, with the lowest and highest
 *   per-task utilization, so the service's CPUUtilization = used ÷ reserved ×
 *   100 (over 100 when tasks use more than they reserved) and min/max stay exact;
 * - per instance: how many samples, and the CPU units and MiB its tasks used
 *   in total, for the cluster's utilization against registered resources.
 */
import type { MetricDatum, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { clusterDimensions, serviceDimensions } from './ecs-metrics.js';

export interface ServiceUsage {
  cpuSamples: number;
  cpuUsed: number;
  cpuReserved: number;
  cpuMin: number;
  cpuMax: number;
  memSamples: number;
  memUsed: number;
  memReserved: number;
  memMin: number;
  memMax: number;
}

export interface InstanceUsage {
  instanceId: string;
  /** Usage reports folded in (each covers every task of the instance at one time). */
  samples: number;
  cpuUsed: number;
  memUsed: number;
  services: Record<string, ServiceUsage>;
}

/** One task's sample, with what it reserves. */
export interface TaskSample {
  service?: string;
  /** Percent of one CPU (100 = one core), as agents report it. */
  cpuPercent: number;
  memoryBytes: number;
  /** CPU units reserved (1024 per core); 0 = no reservation, no CPU utilization. */
  cpuReserved: number;
  /** MiB: the hard limit, else the soft reservation. */
  memReserved: number;
}

export const CPU_UNITS_PER_CORE = 1024;
const MIB = 2 ** 20;

export const emptyUsage = (instanceId: string): InstanceUsage => ({ instanceId, samples: 0, cpuUsed: 0, memUsed: 0, services: {} });

/** Folds one usage report (every task of the instance, at one time) into `acc`, in place. */
export function addReport(acc: InstanceUsage, tasks: readonly TaskSample[]): void {
  acc.samples += 1;
  for (const t of tasks) {
    const cpu = (Math.max(0, t.cpuPercent) / 100) * CPU_UNITS_PER_CORE;
    const mem = Math.max(0, t.memoryBytes) / MIB;
    acc.cpuUsed += cpu;
    acc.memUsed += mem;
    if (!t.service) continue;
    const s = (acc.services[t.service] ??= {
      cpuSamples: 0,
      cpuUsed: 0,
      cpuReserved: 0,
      cpuMin: Infinity,
      cpuMax: -Infinity,
      memSamples: 0,
      memUsed: 0,
      memReserved: 0,
      memMin: Infinity,
      memMax: -Infinity,
    });
    if (t.cpuReserved > 0) fold(s, 'cpu', cpu, t.cpuReserved);
    if (t.memReserved > 0) fold(s, 'mem', mem, t.memReserved);
  }
}

/** One task's use of one resource against its reservation. */
function fold(s: ServiceUsage, r: 'cpu' | 'mem', used: number, reserved: number) {
  const u = (used / reserved) * 100;
  s[`${r}Samples`] += 1;
  s[`${r}Used`] += used;
  s[`${r}Reserved`] += reserved;
  s[`${r}Min`] = Math.min(s[`${r}Min`], u);
  s[`${r}Max`] = Math.max(s[`${r}Max`], u);
}

export function mergeServiceUsage(a: ServiceUsage | undefined, b: ServiceUsage): ServiceUsage {
  if (!a) return { ...b };
  return {
    cpuSamples: a.cpuSamples + b.cpuSamples,
    cpuUsed: a.cpuUsed + b.cpuUsed,
    cpuReserved: a.cpuReserved + b.cpuReserved,
    cpuMin: Math.min(a.cpuMin, b.cpuMin),
    cpuMax: Math.max(a.cpuMax, b.cpuMax),
    memSamples: a.memSamples + b.memSamples,
    memUsed: a.memUsed + b.memUsed,
    memReserved: a.memReserved + b.memReserved,
    memMin: Math.min(a.memMin, b.memMin),
    memMax: Math.max(a.memMax, b.memMax),
  };
}

/** Two foldings of one instance's usage as one. */
export function mergeUsage(a: InstanceUsage, b: InstanceUsage): InstanceUsage {
  const services = { ...a.services };
  for (const [name, s] of Object.entries(b.services)) services[name] = mergeServiceUsage(services[name], s);
  return {
    instanceId: a.instanceId,
    samples: a.samples + b.samples,
    cpuUsed: a.cpuUsed + b.cpuUsed,
    memUsed: a.memUsed + b.memUsed,
    services,
  };
}

/**
 * A statistic set whose average is `ratio` × 100 over `n` samples, with the
 * exact extremes: SampleCount n, Sum ratio × 100 × n. (The average of a
 * service's utilization is used ÷ reserved over all its tasks, which weighs a
 * bigger task more than the mean of per-task percentages would.)
 */
function percentSet(n: number, ratio: number, min: number, max: number) {
  const avg = ratio * 100;
  return { SampleCount: n, Sum: avg * n, Minimum: Math.min(min, avg), Maximum: Math.max(max, avg) };
}

export interface ServiceCounts {
  name: string;
  running: number;
  pending: number;
  desired: number;
}

export interface InstanceCapacity {
  registeredCpu: number;
  remainingCpu: number;
  registeredMemory: number;
  remainingMemory: number;
}

export interface MetricsInput {
  cluster: string;
  /** Epoch ms of the period the usage belongs to. */
  timestamp: number;
  /** Usage items of the period (several per instance when several processes wrote). */
  usage: readonly InstanceUsage[];
  /** Counts and reservations (a snapshot: only with the newest period published). */
  services?: readonly ServiceCounts[];
  /** ACTIVE instances. */
  instances?: readonly InstanceCapacity[];
  /** High resolution when the period is under a minute, so alarms on 10 s periods see every point. */
  storageResolution: 1 | 60;
}

/** The period's metric data, ECS's metrics with statistic sets (never raw samples). */
export function metricData(input: MetricsInput): MetricDatum[] {
  const ts = new Date(input.timestamp);
  const out: MetricDatum[] = [];
  const datum = (
    MetricName: string,
    Dimensions: MetricDatum['Dimensions'],
    Unit: StandardUnit,
    v: number | MetricDatum['StatisticValues'],
  ) =>
    out.push({
      MetricName,
      Dimensions,
      Timestamp: ts,
      Unit,
      StorageResolution: input.storageResolution,
      ...(typeof v === 'number' ? { Value: v } : { StatisticValues: v }),
    });

  const byService = new Map<string, ServiceUsage>();
  for (const u of input.usage)
    for (const [name, s] of Object.entries(u.services)) byService.set(name, mergeServiceUsage(byService.get(name), s));
  for (const [name, s] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    const dims = serviceDimensions(input.cluster, name);
    if (s.cpuSamples > 0 && s.cpuReserved > 0)
      datum('CPUUtilization', dims, 'Percent', percentSet(s.cpuSamples, s.cpuUsed / s.cpuReserved, s.cpuMin, s.cpuMax));
    if (s.memSamples > 0 && s.memReserved > 0)
      datum('MemoryUtilization', dims, 'Percent', percentSet(s.memSamples, s.memUsed / s.memReserved, s.memMin, s.memMax));
  }
  for (const s of input.services ?? []) {
    const dims = serviceDimensions(input.cluster, s.name);
    datum('RunningTaskCount', dims, 'Count', s.running);
    datum('PendingTaskCount', dims, 'Count', s.pending);
    datum('DesiredTaskCount', dims, 'Count', s.desired);
  }

  const dims = clusterDimensions(input.cluster);
  const instances = input.instances ?? [];
  const cpuRegistered = instances.reduce((a, i) => a + i.registeredCpu, 0);
  const memRegistered = instances.reduce((a, i) => a + i.registeredMemory, 0);
  if (cpuRegistered > 0) {
    const perInstance = instances.map((i) => (i.registeredCpu > 0 ? ((i.registeredCpu - i.remainingCpu) / i.registeredCpu) * 100 : 0));
    datum(
      'CPUReservation',
      dims,
      'Percent',
      percentSet(
        instances.length,
        (cpuRegistered - sum(instances, 'remainingCpu')) / cpuRegistered,
        Math.min(...perInstance),
        Math.max(...perInstance),
      ),
    );
  }
  if (memRegistered > 0) {
    const perInstance = instances.map((i) =>
      i.registeredMemory > 0 ? ((i.registeredMemory - i.remainingMemory) / i.registeredMemory) * 100 : 0,
    );
    datum(
      'MemoryReservation',
      dims,
      'Percent',
      percentSet(
        instances.length,
        (memRegistered - sum(instances, 'remainingMemory')) / memRegistered,
        Math.min(...perInstance),
        Math.max(...perInstance),
      ),
    );
  }
  // Cluster utilization: each instance's average use over the period (its items merged), against everything registered.
  const perInstance = new Map<string, { samples: number; cpu: number; mem: number }>();
  for (const u of input.usage) {
    const i = perInstance.get(u.instanceId) ?? { samples: 0, cpu: 0, mem: 0 };
    perInstance.set(u.instanceId, { samples: i.samples + u.samples, cpu: i.cpu + u.cpuUsed, mem: i.mem + u.memUsed });
  }
  const reporting = [...perInstance.values()].filter((i) => i.samples > 0);
  if (cpuRegistered > 0 && reporting.length) {
    const used = reporting.reduce((a, i) => a + i.cpu / i.samples, 0);
    datum('CPUUtilization', dims, 'Percent', percentSet(1, used / cpuRegistered, Infinity, -Infinity));
  }
  if (memRegistered > 0 && reporting.length) {
    const used = reporting.reduce((a, i) => a + i.mem / i.samples, 0);
    datum('MemoryUtilization', dims, 'Percent', percentSet(1, used / memRegistered, Infinity, -Infinity));
  }
  return out;
}

const sum = <K extends keyof InstanceCapacity>(items: readonly InstanceCapacity[], k: K) => items.reduce((a, i) => a + i[k], 0);
