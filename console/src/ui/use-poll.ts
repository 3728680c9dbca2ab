/** Fast while something is moving, slower once it is settled: each refresh costs API calls (Lambda invocations and DynamoDB reads on AWS). */
export const MOVING_MS = 2000;
export const SETTLED_MS = 5000;

/**
 * Live data for a page: loads, then refreshes on its own — every `intervalMs`
 * (or what it returns for the data on screen) while the API answers, backing
 * off after failures, paused while the tab is hidden. The last good data stays on screen while a refresh runs or fails, so
 * pages never flicker to a spinner; `error` says what went wrong meanwhile.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { nextDelay } from '../model/backoff.js';

export interface Poll<T> {
  data?: T;
  error?: unknown;
  /** True until the first answer (data or error) of the current inputs. */
  loading: boolean;
  /** When the data was last refreshed (epoch ms). */
  updatedAt?: number;
  /** Milliseconds until the next attempt after a failure. */
  retryInMs?: number;
  /** Refresh now (after an action). */
  refresh: () => void;
}

export function usePoll<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  intervalMs: number | ((data: T) => number) = SETTLED_MS,
): Poll<T> {
  const [state, setState] = useState<Omit<Poll<T>, 'refresh'>>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const kick = useRef<() => void>(() => {});

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let again = false;
    let failures = 0;
    let last: { data: T } | undefined;
    const base = () => (typeof intervalMs === 'function' ? (last ? intervalMs(last.data) : MOVING_MS) : intervalMs);
    setState({ loading: true });

    const schedule = () => {
      clearTimeout(timer);
      if (cancelled || document.hidden) return;
      timer = setTimeout(run, nextDelay(base(), failures));
    };
    const run = async () => {
      if (cancelled) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTimeout(timer);
      try {
        const data = await loadRef.current();
        failures = 0;
        last = { data };
        if (!cancelled) setState({ data, loading: false, updatedAt: Date.now() });
      } catch (error) {
        failures++;
        if (!cancelled) setState((s) => ({ ...s, error, loading: false, retryInMs: nextDelay(base(), failures) }));
      } finally {
        running = false;
        if (again) {
          again = false;
          void run();
        } else schedule();
      }
    };
    const onVisibility = () => {
      if (!document.hidden) void run();
    };
    kick.current = () => void run();
    document.addEventListener('visibilitychange', onVisibility);
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // The caller's inputs decide when to start over.
  }, deps);

  const refresh = useCallback(() => kick.current(), []);
  return { ...state, refresh };
}
