/**
 * At most one pass per key at a time in this process; requests that arrive
 * during a pass fold into one more pass right after it. A burst of triggers
 * (every agent report asks for a pass) costs two passes, not N overlapping
 * ones that read the same tasks and fight over the same service versions.
 */
export function singleFlight<T>(run: (key: string) => Promise<T>) {
  const running = new Map<string, { again: boolean; done: Promise<T> }>();
  return function request(key: string): Promise<T> {
    const current = running.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: undefined as unknown as Promise<T> };
    entry.done = (async () => {
      try {
        let result = await run(key);
        while (entry.again) {
          entry.again = false;
          result = await run(key);
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
