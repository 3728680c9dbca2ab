/**
 * CPU and memory of process-driver tasks from /proc: each container's main
 * process plus all its descendants. CPU is measured over a short window
 * (two samples), like Docker's one-shot stats.
 */
import type { TaskUsage } from '../../../protocol/index.js';
import { CLOCK_TICKS_PER_SECOND, procSnapshot, processTrees, readRssBytes } from './proc-stats.js';

const SAMPLE_WINDOW_MS = 250;

export async function tasksUsage(tasks: { taskArn: string; pids: number[] }[]): Promise<TaskUsage[]> {
  const first = procSnapshot();
  const before = tasks.map((t) => processTrees(first, t.pids).reduce((sum, st) => sum + st.cpuTicks, 0));
  const t0 = Date.now();
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_WINDOW_MS));
  const seconds = (Date.now() - t0) / 1000;
  const second = procSnapshot();
  return tasks.map((t, i) => {
    const tree = processTrees(second, t.pids);
    const used = tree.reduce((sum, st) => sum + st.cpuTicks, 0) - (before[i] ?? 0);
    return {
      taskArn: t.taskArn,
      // Processes that exited during the window can make the delta negative.
      cpuPercent: Math.max(0, used / CLOCK_TICKS_PER_SECOND / seconds) * 100,
      memoryBytes: tree.reduce((sum, st) => sum + readRssBytes(st.pid), 0),
    };
  });
}
