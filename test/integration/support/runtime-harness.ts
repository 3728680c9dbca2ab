/** Shared helpers for the container-runtime integration tests (Docker and process drivers). */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { ContainerSpec, TaskReport, TaskSpec } from '../../../src/protocol/index.js';

/** A task spec with a fresh ECS-style task id. */
export function makeTask(family: string, containers: ContainerSpec[], extra: Partial<TaskSpec> = {}): TaskSpec {
  const taskId = randomBytes(16).toString('hex');
  return {
    taskArn: `arn:aws:ecs:us-east-1:000000000000:task/test/${taskId}`,
    taskId,
    clusterName: 'test',
    family,
    revision: 1,
    containers,
    ...extra,
  };
}

/** Collects every report of a task and waits for one matching a predicate. */
export class ReportLog {
  readonly reports: TaskReport[] = [];
  private waiters: { pred: (r: TaskReport) => boolean; resolve: (r: TaskReport) => void }[] = [];

  readonly listener = (r: TaskReport): void => {
    this.reports.push(structuredClone(r));
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(r)) return true;
      w.resolve(r);
      return false;
    });
  };

  get last(): TaskReport | undefined {
    return this.reports.at(-1);
  }

  waitFor(pred: (r: TaskReport) => boolean, what: string, timeoutMs = 30_000): Promise<TaskReport> {
    const seen = this.reports.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; last report: ${JSON.stringify(this.last)}`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  status(s: TaskReport['status'], timeoutMs?: number): Promise<TaskReport> {
    return this.waitFor((r) => r.status === s, `task ${s}`, timeoutMs);
  }
}

export const container = (r: TaskReport | undefined, name: string) => r?.containers.find((c) => c.name === name);

/** A currently free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** GET a page, retrying while the server is still coming up. */
export async function httpGet(url: string, timeoutMs = 20_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return { status: res.status, body: await res.text() };
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`GET ${url} failed: ${String(lastError)}`);
}
