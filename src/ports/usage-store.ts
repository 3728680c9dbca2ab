/** A task's latest CPU and memory use, as its agent sampled it. */
export interface TaskUsageSample {
  taskId: string;
  cpuPercent: number;
  memoryBytes: number;
}

/**
 * Usage samples, one record per container instance (all its tasks, as of
 * the agent's last sample): written every 20 s per instance, so it lives
 * apart from the task items, whose every write is repeated in their indexes.
 */
export interface UsageStore {
  record(cluster: string, instanceId: string, samples: readonly TaskUsageSample[], at: number): Promise<void>;
  ofInstance(cluster: string, instanceId: string): Promise<{ at: number; samples: TaskUsageSample[] } | undefined>;
}
