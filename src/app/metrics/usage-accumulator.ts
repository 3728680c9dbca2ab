/**
 * Task usage from agent polls, folded in this process and written at most
 * once per instance per metric period (≤ 60 writes per instance per hour at
 * the default 60 s period), never a write per task or per poll. A write
 * carries every report folded since the previous one and is labelled with
 * the period it is made in, so a period's item is complete when the period
 * ends and the publisher can read it right away. Reports that arrive after
 * this period's write ride with the next one.
 */
import { randomUUID } from 'node:crypto';
import { addReport, emptyUsage, mergeUsage, type InstanceUsage, type TaskSample } from '../../domain/metrics/usage.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import type { TaskRecord } from '../../domain/task.js';
import type { UsageStore } from '../../ports/usage-store.js';

export interface UsageReport {
  taskArn: string;
  cpuPercent: number;
  memoryBytes: number;
}

interface Pending {
  usage: InstanceUsage;
  /** The period (epoch s) this process last wrote the instance's usage in. */
  writtenIn?: number;
}

/** A task's memory against which its use is measured: the hard limit (task, else containers'), else the reservation. */
export function reservedMemory(task: TaskRecord, td: TaskDefinitionRecord | undefined): number {
  if (task.memory && Number(task.memory) > 0) return Number(task.memory);
  const fromDefinition = (td?.containerDefinitions ?? []).reduce((a, c) => a + (c.memory ?? c.memoryReservation ?? 0), 0);
  return fromDefinition > 0 ? fromDefinition : (task.reservation?.memory ?? 0);
}

export class UsageAccumulator {
  private readonly pending = new Map<string, Pending>();
  /** Each process writes its own items: two processes serving one instance never overwrite each other. */
  private readonly writer = randomUUID().slice(0, 8);

  constructor(
    private readonly store: UsageStore,
    private readonly periodSeconds: number,
  ) {}

  /**
   * Folds one report of an instance's tasks (only those the instance runs and
   * are RUNNING count), and writes if this process has not written the
   * instance's usage in the current period yet.
   */
  async add(
    cluster: string,
    instanceId: string,
    reports: readonly UsageReport[],
    live: ReadonlyMap<string, { task: TaskRecord }>,
    definitions: (family: string, revision: number) => Promise<TaskDefinitionRecord | undefined>,
    now: number,
  ): Promise<void> {
    const samples: TaskSample[] = [];
    for (const r of reports) {
      const task = live.get(r.taskArn)?.task;
      if (!task || task.lastStatus !== 'RUNNING' || !Number.isFinite(r.cpuPercent) || !Number.isFinite(r.memoryBytes)) continue;
      samples.push({
        service: task.serviceName,
        cpuPercent: r.cpuPercent,
        memoryBytes: r.memoryBytes,
        cpuReserved: task.reservation?.cpu ?? 0,
        memReserved: reservedMemory(task, await definitions(task.family, task.revision)),
      });
    }
    const key = `${cluster}/${instanceId}`;
    const entry = this.pending.get(key) ?? { usage: emptyUsage(instanceId) };
    this.pending.set(key, entry);
    addReport(entry.usage, samples);
    const period = Math.floor(now / 1000 / this.periodSeconds) * this.periodSeconds;
    if (entry.writtenIn === period) return;
    const usage = entry.usage;
    entry.usage = emptyUsage(instanceId);
    entry.writtenIn = period;
    try {
      await this.store.put(cluster, period, this.writer, usage);
    } catch {
      // A poll never fails for its metrics: the usage is folded back in and rides with the next write.
      entry.writtenIn = undefined;
      entry.usage = mergeUsage(usage, entry.usage);
    }
  }
}
