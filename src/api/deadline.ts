import { DEADLINE_MARGIN_MS, DEFAULT_DEADLINE_MS } from './limits.js';

export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`request still running after ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** How long a request may run: the Lambda's remaining time less a margin, or the default. */
export function deadlineMs(remainingMs?: () => number): number {
  const left = remainingMs?.();
  return left !== undefined && Number.isFinite(left) ? Math.max(0, left - DEADLINE_MARGIN_MS) : DEFAULT_DEADLINE_MS;
}

/** `work`, or DeadlineExceeded once `ms` have passed (the work itself is not cancelled). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
