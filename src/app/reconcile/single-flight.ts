import { tightest, type TimeLeft } from './time-budget.js';

/**
 * At most one pass per key at a time in this process; requests that arrive
 * during a pass fold into one more pass right after it. A burst of triggers
 * (every agent report asks for a pass) costs two passes, not N overlapping
 * ones that read the same tasks and fight over the same service versions.
 * Every requester waits for the shared passes, so they run within the
 * tightest of the requesters' time budgets: none outlives its invocation.
 */
export function singleFlight<T>(run: (key: string, timeLeft: TimeLeft) => Promise<T>) {
  const running = new Map<string, { again: boolean; budgets: TimeLeft[]; done: Promise<T> }>();
  return function request(key: string, timeLeft: TimeLeft): Promise<T> {
    const current = running.get(key);
    if (current) {
      current.again = true;
      current.budgets.push(timeLeft);
      return current.done;
    }
    const entry = { again: false, budgets: [timeLeft], done: undefined as unknown as Promise<T> };
    const left = tightest(entry.budgets);
    entry.done = (async () => {
      try {
        let result = await run(key, left);
        while (entry.again) {
          entry.again = false;
          result = await run(key, left);
        }
        return result;
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, entry);
    return entry.done;
  };
}
