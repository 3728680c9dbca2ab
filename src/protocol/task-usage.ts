/** A running task's resource use, sampled by its agent and carried by a poll now and then. */
import { MAX_ID_LENGTH } from './bounds.js';
import { finite, object, text } from './reader.js';

export interface TaskUsage {
  taskArn: string;
  /** Percent of one CPU (100 = one full core), summed over the task's containers. */
  cpuPercent: number;
  memoryBytes: number;
}

const FIELDS = new Set(['taskArn', 'cpuPercent', 'memoryBytes']);

export function parseTaskUsage(value: unknown, path = 'usage'): TaskUsage {
  const u = object(value, path, FIELDS);
  return {
    taskArn: text(u.taskArn, `${path}.taskArn`, MAX_ID_LENGTH),
    // 100 per core: ten million is a hundred thousand cores.
    cpuPercent: finite(u.cpuPercent, `${path}.cpuPercent`, 0, 1e7),
    memoryBytes: finite(u.memoryBytes, `${path}.memoryBytes`, 0, Number.MAX_SAFE_INTEGER),
  };
}
