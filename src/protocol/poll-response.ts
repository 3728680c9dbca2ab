/** The control plane's answer to a poll. */
import { MAX_ASSIGNMENTS_PER_POLL, MAX_ID_LENGTH, MAX_POLL_INTERVAL_MS, MAX_REPORTS_PER_POLL } from './bounds.js';
import { parseAssignment, type Assignment } from './assignment.js';
import { finite, list, object, text, unique } from './reader.js';

export interface PollResponse {
  /** How long the agent waits before its next poll. */
  pollIntervalMs: number;
  /** Every live task of the instance, with its desired status. */
  tasks: Assignment[];
  /** Reported tasks whose report is now reflected: the agent drops them from its unsent queue. */
  acknowledged: string[];
  /** Reported tasks this host must not run: the agent stops and removes them. */
  unknown: string[];
}

const FIELDS = new Set(['pollIntervalMs', 'tasks', 'acknowledged', 'unknown']);
const arn = (v: unknown, path: string) => text(v, path, MAX_ID_LENGTH);

/** The agent's reading of a poll answer: throws InvalidMessageError on anything but a well-formed, bounded answer. */
export function parsePollResponse(value: unknown): PollResponse {
  const r = object(value, '', FIELDS);
  const tasks = list(r.tasks, 'tasks', MAX_ASSIGNMENTS_PER_POLL, parseAssignment);
  return {
    pollIntervalMs: finite(r.pollIntervalMs, 'pollIntervalMs', Number.MIN_VALUE, MAX_POLL_INTERVAL_MS),
    tasks: unique(tasks, 'tasks', (t) => t.taskArn, 'taskArn'),
    acknowledged: list(r.acknowledged, 'acknowledged', MAX_REPORTS_PER_POLL, arn),
    unknown: list(r.unknown, 'unknown', MAX_REPORTS_PER_POLL, arn),
  };
}
