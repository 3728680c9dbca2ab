import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH } from '../../../../src/protocol/index.js';
import { ReportQueue } from '../../../../src/agent/control-loop/report-queue.js';
import type { TaskReport } from '../../../../src/protocol/index.js';
import { recordingLogger } from '../../../support/recording-logger.js';

const report = (taskArn: string, status: TaskReport['status']): TaskReport => ({ taskArn, status, containers: [], reportedAt: 1 });
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'berth-queue-')), 'reports.json');

describe('ReportQueue', () => {
  it('keeps only the latest report per task', () => {
    const q = ReportQueue.load(undefined, recordingLogger());
    q.push(report('a', 'PENDING'));
    q.push(report('b', 'RUNNING'));
    q.push(report('a', 'RUNNING'));
    expect(q.batch().reports).toEqual([report('a', 'RUNNING'), report('b', 'RUNNING')]);
  });

  it('drops an acknowledged report unless a newer one was queued while the poll was in flight', () => {
    const q = ReportQueue.load(undefined, recordingLogger());
    q.push(report('a', 'RUNNING'));
    q.push(report('b', 'RUNNING'));
    const sent = q.batch();
    q.push(report('b', 'STOPPED'));
    q.acknowledge(['a', 'b'], sent);
    expect(q.batch().reports).toEqual([report('b', 'STOPPED')]);
  });

  it('stamps each report with when it was taken, and keeps the stamp through re-sends', () => {
    const q = ReportQueue.load(undefined, recordingLogger());
    const before = Date.now();
    q.push({ taskArn: 'a', status: 'RUNNING', containers: [] });
    const [first] = q.batch().reports;
    expect(first!.reportedAt).toBeGreaterThanOrEqual(before);
    expect(q.batch().reports[0]!.reportedAt).toBe(first!.reportedAt);
  });

  it('ignores acknowledgements of tasks it did not send', () => {
    const q = ReportQueue.load(undefined, recordingLogger());
    const sent = q.batch();
    q.push(report('a', 'RUNNING'));
    q.acknowledge(['a'], sent);
    expect(q.size).toBe(1);
  });

  it('survives a restart through its state file, written atomically', () => {
    const file = tmpFile();
    const q = ReportQueue.load(file, recordingLogger());
    q.push(report('a', 'RUNNING'));
    q.push(report('b', 'STOPPED'));
    q.drop(['a']);
    expect(ReportQueue.load(file, recordingLogger()).batch().reports).toEqual([report('b', 'STOPPED')]);
    expect(readdirSync(join(file, '..'))).toEqual(['reports.json']);
  });

  it('starts empty, loudly, from a corrupt state file', () => {
    const file = tmpFile();
    writeFileSync(file, '{"version":1,"rep');
    const log = recordingLogger();
    expect(ReportQueue.load(file, log).size).toBe(0);
    expect(log.lines.map((l) => l.level)).toEqual(['error']);
  });

  it('batches the oldest reports first, within a count and a byte budget, but always at least one', () => {
    const q = ReportQueue.load(undefined, recordingLogger());
    for (const id of ['a', 'b', 'c', 'd']) q.push(report(id, 'RUNNING'));
    const bytes = Buffer.byteLength(JSON.stringify(report('a', 'RUNNING')));
    expect(q.batch(3).reports.map((r) => r.taskArn)).toEqual(['a', 'b', 'c']);
    expect(q.batch(10, 2 * bytes).reports.map((r) => r.taskArn)).toEqual(['a', 'b']);
    expect(q.batch(10, 1).reports.map((r) => r.taskArn)).toEqual(['a']);
  });

  it('offers reports only for tasks without one queued, and fits every report to the protocol', () => {
    const q = ReportQueue.load(undefined, recordingLogger());
    q.push(report('a', 'STOPPED'));
    q.offer([report('a', 'RUNNING'), { ...report('b', 'STOPPED'), stoppedReason: 'x'.repeat(MAX_REASON_LENGTH + 10) }]);
    const sent = q.batch().reports;
    expect(sent.map((r) => [r.taskArn, r.status])).toEqual([
      ['a', 'STOPPED'],
      ['b', 'STOPPED'],
    ]);
    expect(sent[1]!.stoppedReason).toHaveLength(MAX_REASON_LENGTH);
  });
});
