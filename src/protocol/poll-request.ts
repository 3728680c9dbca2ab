/**
 * An agent's poll: its heartbeat, the reports of every task whose state
 * changed since its last acknowledged report, and now and then usage.
 */
import { MAX_ID_LENGTH, MAX_REPORTS_PER_POLL, MAX_USAGE_PER_POLL } from './bounds.js';
import { bool, list, object, present, text, unique } from './reader.js';
import { parseTaskReport, type TaskReport } from './task-report.js';
import { parseTaskUsage, type TaskUsage } from './task-usage.js';

export interface PollRequest {
  /** The cluster's name or ARN. */
  cluster: string;
  containerInstanceArn: string;
  /** At most MAX_REPORTS_PER_POLL, each task at most once. */
  reports?: TaskReport[];
  /** True when `reports` lists every task on the host (the first poll after an agent start). */
  full?: boolean;
  /** At most MAX_USAGE_PER_POLL, each task at most once. */
  usage?: TaskUsage[];
}

const FIELDS = new Set(['cluster', 'containerInstanceArn', 'reports', 'full', 'usage']);

/** The control plane's reading of a poll: throws InvalidMessageError on anything but a well-formed, bounded request. */
export function parsePollRequest(value: unknown): PollRequest {
  const p = object(value, '', FIELDS);
  const out: PollRequest = {
    cluster: text(p.cluster, 'cluster', MAX_ID_LENGTH),
    containerInstanceArn: text(p.containerInstanceArn, 'containerInstanceArn', MAX_ID_LENGTH),
  };
  if (present(p.reports)) {
    const reports = list(p.reports, 'reports', MAX_REPORTS_PER_POLL, parseTaskReport);
    out.reports = unique(reports, 'reports', (r) => r.taskArn, 'taskArn');
  }
  if (present(p.full)) out.full = bool(p.full, 'full');
  if (present(p.usage)) {
    const usage = list(p.usage, 'usage', MAX_USAGE_PER_POLL, parseTaskUsage);
    out.usage = unique(usage, 'usage', (u) => u.taskArn, 'taskArn');
  }
  return out;
}
