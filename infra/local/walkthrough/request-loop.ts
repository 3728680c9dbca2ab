/**
 * Keeps requests flowing to a URL from a few concurrent clients and counts
 * what came back: the success/failure tally of "zero failed requests during
 * a deployment", latencies, and which task served each answer.
 */
import { Agent, request } from 'node:http';
import { servedBy } from './web-task-definition.js';

export interface LoopResult {
  requests: number;
  ok: number;
  /** Non-2xx answers by status, and transport errors by message. */
  failures: Map<string, number>;
  /** Who served the 2xx answers (container hostname or host port) → count. */
  servedBy: Map<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
}

export interface RequestLoop {
  /** Stops sending, waits for the requests in flight, returns the tally. */
  stop(): Promise<LoopResult>;
  snapshot(): LoopResult;
}

export function startRequestLoop(url: string, concurrency = 4, opts: { keepAlive?: boolean; timeoutMs?: number } = {}): RequestLoop {
  const agent = new Agent({ keepAlive: opts.keepAlive ?? true, maxSockets: concurrency });
  const result: LoopResult = { requests: 0, ok: 0, failures: new Map(), servedBy: new Map(), latenciesMs: [], elapsedMs: 0 };
  const started = Date.now();
  let running = true;
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(url, { agent, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          result.requests++;
          result.latenciesMs.push(performance.now() - t0);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            result.ok++;
            const who = servedBy(Buffer.concat(chunks).toString('utf8'));
            count(result.servedBy, who?.container ?? String(who?.hostPort ?? '?'));
          } else count(result.failures, `HTTP ${status}`);
          resolve();
        });
        res.on('error', (err) => {
          result.requests++;
          count(result.failures, err.message);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (err) => {
        result.requests++;
        count(result.failures, (err as NodeJS.ErrnoException).code ?? err.message);
        resolve();
      });
      req.end();
    });
  const workers = Array.from({ length: concurrency }, async () => {
    while (running) await one();
  });
  return {
    snapshot: () => ({ ...result, elapsedMs: Date.now() - started }),
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      return { ...result, elapsedMs: Date.now() - started };
    },
  };
}

export const failureCount = (r: LoopResult) => [...r.failures.values()].reduce((s, n) => s + n, 0);
