/**
 * What the control plane wants of one task on an instance: run it (with its
 * spec) or stop it (with the reason and stop code to report). A poll answer
 * lists every live task of the instance; a push channel would send one at a time.
 */
import { MAX_ID_LENGTH, MAX_REASON_LENGTH } from './bounds.js';
import { InvalidMessageError } from './invalid-message-error.js';
import { freeText, object, enumValue, present, text, truncate } from './reader.js';
import { TASK_STOP_CODES, type TaskStopCode } from './stop-codes.js';
import { parseTaskSpec, type TaskSpec } from './task-spec.js';

export const ASSIGNED_STATUSES = ['RUNNING', 'STOPPED'] as const;
export type AssignedStatus = (typeof ASSIGNED_STATUSES)[number];

export interface RunAssignment {
  taskArn: string;
  desiredStatus: 'RUNNING';
  spec: TaskSpec;
}

export interface StopAssignment {
  taskArn: string;
  desiredStatus: 'STOPPED';
  stopReason?: string;
  stopCode?: TaskStopCode;
}

export type Assignment = RunAssignment | StopAssignment;

const FIELDS = new Set(['taskArn', 'desiredStatus', 'spec', 'stopReason', 'stopCode']);

export function parseAssignment(value: unknown, path = 'assignment'): Assignment {
  const a = object(value, path, FIELDS);
  const taskArn = text(a.taskArn, `${path}.taskArn`, MAX_ID_LENGTH);
  const desiredStatus = enumValue(a.desiredStatus, `${path}.desiredStatus`, ASSIGNED_STATUSES);
  if (desiredStatus === 'RUNNING') {
    for (const key of ['stopReason', 'stopCode']) {
      if (present(a[key])) throw new InvalidMessageError(`${path}.${key}`, 'is only for desiredStatus STOPPED');
    }
    const spec = parseTaskSpec(a.spec, `${path}.spec`);
    if (spec.taskArn !== taskArn) throw new InvalidMessageError(`${path}.spec.taskArn`, 'must be the assignment taskArn');
    return { taskArn, desiredStatus, spec };
  }
  if (present(a.spec)) throw new InvalidMessageError(`${path}.spec`, 'is only for desiredStatus RUNNING');
  const out: StopAssignment = { taskArn, desiredStatus };
  if (present(a.stopReason)) out.stopReason = freeText(a.stopReason, `${path}.stopReason`, MAX_REASON_LENGTH);
  if (present(a.stopCode)) out.stopCode = enumValue(a.stopCode, `${path}.stopCode`, TASK_STOP_CODES);
  return out;
}

/** A stop assignment within the protocol's bounds (a StopTask reason may be longer than MAX_REASON_LENGTH). */
export function stopAssignment(taskArn: string, stopReason: string | undefined, stopCode: TaskStopCode | undefined): StopAssignment {
  return {
    taskArn,
    desiredStatus: 'STOPPED',
    ...(stopReason !== undefined ? { stopReason: truncate(stopReason, MAX_REASON_LENGTH) } : {}),
    ...(stopCode !== undefined ? { stopCode } : {}),
  };
}
