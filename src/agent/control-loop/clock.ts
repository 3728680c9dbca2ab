/** The agent's notion of time: `now` for report timestamps, `sleep` for its poll loop. */
export interface AgentClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits ms, or less if `signal` aborts first; never rejects, so shutdown is a plain early return. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Uses the global setTimeout (not node:timers/promises) so vitest's fake
 * timers drive it too.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const systemAgentClock: AgentClock = { now: () => Date.now(), sleep };
