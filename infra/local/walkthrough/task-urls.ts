/** Where each task of the walkthrough serves its page, and whether it really does. */
import type { Task } from '@aws-sdk/client-ecs';
import { WEB_CONTAINER, WELCOME_TEXT } from './web-task-definition.js';

export interface TaskUrl {
  taskArn: string;
  taskId: string;
  url: string;
}

export const taskIdOf = (taskArn: string): string => taskArn.slice(taskArn.lastIndexOf('/') + 1);

/** http://127.0.0.1:<hostPort>/ of the web container's port-80 binding (every host here is this machine). */
export function taskUrl(task: Task): TaskUrl | undefined {
  const web = task.containers?.find((c) => c.name === WEB_CONTAINER);
  const binding = web?.networkBindings?.find((b) => b.containerPort === 80) ?? web?.networkBindings?.[0];
  if (!task.taskArn || !binding?.hostPort) return undefined;
  return { taskArn: task.taskArn, taskId: taskIdOf(task.taskArn), url: `http://127.0.0.1:${binding.hostPort}/` };
}

export interface PageCheck {
  ok: boolean;
  detail: string;
}

/**
 * GET the URL until it answers 200 with the welcome page. RUNNING means the
 * process started, not that it listens yet, so a refused connection is retried
 * for a few seconds.
 */
export async function checkWelcomePage(url: string, timeoutMs = 5000): Promise<PageCheck> {
  const deadline = Date.now() + timeoutMs;
  let detail = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.status === 200 && body.includes(WELCOME_TEXT)) return { ok: true, detail: `200 "${WELCOME_TEXT}"` };
      detail = `HTTP ${res.status}, ${body.length} bytes without "${WELCOME_TEXT}"`;
      break;
    } catch (err) {
      detail = String((err as { cause?: unknown }).cause ?? err);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { ok: false, detail };
}
