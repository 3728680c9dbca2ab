/**
 * On-disk state of the process driver, so tasks survive an agent restart:
 *
 *   <stateDir>/tasks/<taskId>/task.json              the TaskSpec
 *   <stateDir>/tasks/<taskId>/report.json            the last TaskReport
 *   <stateDir>/tasks/<taskId>/containers/<name>.json pid, start time, exit
 *   <stateDir>/tasks/<taskId>/logs/<name>.log        stdout + stderr
 *   <stateDir>/tasks/<taskId>/work/<name>/           default working directory
 *
 * Writes are synchronous and atomic (temp file + rename): the files are tiny
 * and a report must be on disk before the next one overwrites it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../supervision/errors.js';
import type { TaskReport, TaskSpec } from '../../../protocol/index.js';

export interface ProcessContainerRecord {
  pid?: number;
  /** Kernel start time of the pid (clock ticks since boot), to tell a reused pid from ours. */
  procStart?: number;
  startedAt?: number;
  exitCode?: number;
  reason?: string;
  stoppedAt?: number;
}

/** Task ids and container names become path segments: no separators, no dot-dot. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export class TaskStateStore {
  constructor(readonly root: string) {}

  taskDir(taskId: string): string {
    return join(this.root, 'tasks', segment(taskId, 'task id'));
  }

  logPath(taskId: string, name: string): string {
    return join(this.taskDir(taskId), 'logs', `${segment(name, 'container name')}.log`);
  }

  /** Default working directory of a container (created on demand). */
  workDir(taskId: string, name: string): string {
    const dir = join(this.taskDir(taskId), 'work', segment(name, 'container name'));
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  writeTask(spec: TaskSpec): void {
    for (const sub of ['containers', 'logs']) mkdirSync(join(this.taskDir(spec.taskId), sub), { recursive: true });
    writeJson(join(this.taskDir(spec.taskId), 'task.json'), spec);
  }

  /** Lookups of an id that cannot exist on disk find nothing (writes of it throw). */
  readTask(taskId: string): TaskSpec | undefined {
    if (!SAFE_SEGMENT.test(taskId)) return undefined;
    return readJson<TaskSpec>(join(this.taskDir(taskId), 'task.json'));
  }

  /** Task ids with a state directory. */
  taskIds(): string[] {
    const dir = join(this.root, 'tasks');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((d) => SAFE_SEGMENT.test(d));
  }

  findTaskId(taskArn: string): string | undefined {
    return this.taskIds().find((id) => this.readTask(id)?.taskArn === taskArn);
  }

  writeReport(taskId: string, report: TaskReport): void {
    mkdirSync(this.taskDir(taskId), { recursive: true }); // the first report precedes prepare()
    writeJson(join(this.taskDir(taskId), 'report.json'), report);
  }

  readReport(taskId: string): TaskReport | undefined {
    if (!SAFE_SEGMENT.test(taskId)) return undefined;
    return readJson<TaskReport>(join(this.taskDir(taskId), 'report.json'));
  }

  writeContainer(taskId: string, name: string, rec: ProcessContainerRecord): void {
    writeJson(this.containerPath(taskId, name), rec);
  }

  readContainer(taskId: string, name: string): ProcessContainerRecord | undefined {
    return readJson<ProcessContainerRecord>(this.containerPath(taskId, name));
  }

  removeContainer(taskId: string, name: string): void {
    rmSync(this.containerPath(taskId, name), { force: true });
  }

  removeTask(taskId: string): void {
    rmSync(this.taskDir(taskId), { recursive: true, force: true });
  }

  private containerPath(taskId: string, name: string): string {
    return join(this.taskDir(taskId), 'containers', `${segment(name, 'container name')}.json`);
  }
}

function segment(value: string, what: string): string {
  if (!SAFE_SEGMENT.test(value)) throw new RuntimeError('ResourceInitializationError', `invalid ${what}: ${JSON.stringify(value)}`);
  return value;
}

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, path);
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
