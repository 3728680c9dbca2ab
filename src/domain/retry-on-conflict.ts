/**
 * The one optimistic loop of Berth: read, decide, write on condition that
 * nothing changed since the read; if something did (a conflict), read again
 * and decide again, a bounded number of times.
 *
 * Limit policy — every loop uses one of these, so the bounds are chosen here
 * and nowhere else:
 * - `item` (25): one item, or one small transaction, rewritten by requests
 *   and agents. Contention is a handful of writers at once; with the jittered
 *   backoff below (at most 200 ms a wait) 25 attempts outlast any realistic
 *   burst and still give up within ~3 s instead of holding a Lambda.
 * - `hotItem` (60): a counter every writer of a group shares (a task
 *   definition family's revision counter, a task's instance totals): every
 *   concurrent writer of the group conflicts with every other, so N writers
 *   need up to N rounds; 60 covers the bursts the tests and benches make.
 * - `replan` (8): each attempt re-reads a whole cluster and re-runs placement
 *   (RunTask, StartTask); a caller that still loses gets RESOURCE:CONFLICT
 *   failures and may retry, as on ECS.
 * - `reconcilePass` (5): a whole reconcile pass; the next scheduled pass
 *   retries anyway, so giving up early costs nothing.
 * Giving up throws TooManyConflicts (a 500: the client retries), unless the
 * caller says what exhaustion means (`onExhausted`).
 */
export const CONFLICT_LIMITS = { item: 25, hotItem: 60, replan: 8, reconcilePass: 5 } as const;

/** What an attempt returns when its conditional write lost a race. */
export const CONFLICT: unique symbol = Symbol('conflict');
export type Conflict = typeof CONFLICT;

export class TooManyConflicts extends Error {
  override name = 'TooManyConflicts';
}

export interface RetryOnConflictOptions<T> {
  /** One of CONFLICT_LIMITS (default `item`). */
  limit?: number;
  /** Wait (full jitter) between attempts (default true); false where each attempt is itself a slow re-read. */
  backoff?: boolean;
  /** The result once every attempt conflicted; by default TooManyConflicts is thrown. */
  onExhausted?: () => T;
}

/** Runs `attempt` (given its 0-based number) until it returns something other than CONFLICT. */
export async function retryOnConflict<T>(
  what: string,
  attempt: (n: number) => Promise<T | Conflict>,
  opts: RetryOnConflictOptions<T> = {},
): Promise<T> {
  const limit = opts.limit ?? CONFLICT_LIMITS.item;
  for (let n = 0; n < limit; n++) {
    const out = await attempt(n);
    if (out !== CONFLICT) return out;
    if (opts.backoff !== false && n + 1 < limit) await conflictBackoff(n);
  }
  if (opts.onExhausted) return opts.onExhausted();
  throw new TooManyConflicts(`${what}: gave up after ${limit} conflicting writes (too many concurrent changes)`);
}

/** Full jitter, capped at 200 ms, so a crowd of writers spreads out instead of colliding again. */
const conflictBackoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
