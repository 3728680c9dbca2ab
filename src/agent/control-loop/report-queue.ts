/**
 * Task reports not yet acknowledged by the control plane. Only the latest
 * report per task matters (each one carries the task's full state), so a
 * newer report replaces an older one. The queue is persisted on every change,
 * so state changes that happened just before an agent restart are still
 * delivered after it (the ECS agent does the same with its state file).
 */
import { fitTaskReport, type TaskReport } from '../../protocol/index.js';
import type { Logger } from '../../logging/logger.js';
import { readJsonFile, writeJsonFileAtomic } from './state-file.js';

interface Entry {
  report: TaskReport;
  /** Bumped on every push: tells a report that was sent from a newer one queued while the poll was in flight. */
  version: number;
  /** Its JSON's UTF-8 length, for batch(). */
  bytes: number;
}

/** What one poll carried; acknowledge() needs it to drop exactly what the control plane has seen. */
export interface ReportBatch {
  reports: TaskReport[];
  versions: ReadonlyMap<string, number>;
}

interface QueueFile {
  version: 1;
  reports: TaskReport[];
}

export class ReportQueue {
  private readonly entries = new Map<string, Entry>();
  private nextVersion = 1;

  private constructor(private readonly file: string | undefined) {}

  /** The queue saved in `file` (missing → empty; unreadable → logged and empty: the next write replaces it). */
  static load(file: string | undefined, logger: Logger): ReportQueue {
    const q = new ReportQueue(file);
    if (!file) return q;
    try {
      const saved = readJsonFile(file) as QueueFile | undefined;
      for (const report of saved?.reports ?? []) q.entries.set(report.taskArn, q.entry(report));
    } catch (err) {
      logger.error('unsent task reports could not be read; starting with none (the full report after start covers live tasks)', {
        file,
        error: err,
      });
    }
    return q;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Queues the task's latest report, cut to the protocol's bounds (long reasons truncated). */
  push(report: TaskReport): void {
    this.entries.set(report.taskArn, this.entry(stamped(report)));
    this.persist();
  }

  /** Queues each report whose task has none queued yet (a queued one is as new or newer). */
  offer(reports: readonly TaskReport[]): void {
    let changed = false;
    for (const report of reports) {
      if (this.entries.has(report.taskArn)) continue;
      this.entries.set(report.taskArn, this.entry(stamped(report)));
      changed = true;
    }
    if (changed) this.persist();
  }

  /**
   * A snapshot of the oldest unsent reports, to put in the next poll: at most
   * `limit` of them and `maxBytes` of their JSON (but always the oldest one).
   */
  batch(limit = Number.POSITIVE_INFINITY, maxBytes = Number.POSITIVE_INFINITY): ReportBatch {
    const versions = new Map<string, number>();
    const reports: TaskReport[] = [];
    let bytes = 0;
    for (const [arn, e] of this.entries) {
      if (reports.length >= limit || (reports.length > 0 && bytes + e.bytes > maxBytes)) break;
      bytes += e.bytes;
      versions.set(arn, e.version);
      reports.push(e.report);
    }
    return { reports, versions };
  }

  /** Drops acknowledged reports, except those replaced by a newer one since `batch` was taken. */
  acknowledge(arns: readonly string[], batch: ReportBatch): void {
    let changed = false;
    for (const arn of arns) {
      const sent = batch.versions.get(arn);
      if (sent !== undefined && this.entries.get(arn)?.version === sent) changed = this.entries.delete(arn) || changed;
    }
    if (changed) this.persist();
  }

  /** Forgets reports outright (tasks the control plane calls unknown: re-sending them is pointless). */
  drop(arns: readonly string[]): void {
    let changed = false;
    for (const arn of arns) changed = this.entries.delete(arn) || changed;
    if (changed) this.persist();
  }

  private entry(report: TaskReport): Entry {
    const fitted = fitTaskReport(report);
    return { report: fitted, version: this.nextVersion++, bytes: Buffer.byteLength(JSON.stringify(fitted)) };
  }

  private persist(): void {
    if (!this.file) return;
    const body: QueueFile = { version: 1, reports: [...this.entries.values()].map((e) => e.report) };
    writeJsonFileAtomic(this.file, body);
  }
}

/** When the report was taken (kept through re-sends and restarts): lets the control plane tell a late duplicate's stale health. */
const stamped = (report: TaskReport): TaskReport => (report.reportedAt !== undefined ? report : { ...report, reportedAt: Date.now() });
