/** Container resource usage from Docker's one-shot stats. */
import type Docker from 'dockerode';
import type { ContainerStats } from 'dockerode';

export interface ContainerUsage {
  cpuPercent: number;
  memoryBytes: number;
}

/**
 * CPU as `docker stats` computes it: the container's share of host CPU time
 * between the two samples Docker takes, times the CPU count, so 100 = one core.
 */
export function cpuPercent(s: ContainerStats): number {
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/** Memory in use without the reclaimable page cache (cgroup v1 total_inactive_file, v2 inactive_file), like `docker stats`. */
export function memoryBytes(s: ContainerStats): number {
  const usage = s.memory_stats?.usage ?? 0;
  const stats = (s.memory_stats?.stats ?? {}) as Record<string, number | undefined>;
  const cache = stats.total_inactive_file ?? stats.inactive_file ?? 0;
  return Math.max(0, usage - (cache < usage ? cache : 0));
}

export async function containerUsage(docker: Docker, id: string): Promise<ContainerUsage> {
  // stream:false makes the Engine take two samples, so precpu_stats is filled in.
  const stats = (await docker.getContainer(id).stats({ stream: false })) as ContainerStats;
  return { cpuPercent: cpuPercent(stats), memoryBytes: memoryBytes(stats) };
}
