/**
 * The one policy for optimistic concurrency. Every writer in Berth reads,
 * decides, and writes under a condition (a version, remaining capacity, a
 * counter); when the condition fails, another writer got there first, and the
 * loser re-reads and decides again. This module says how often and how fast.
 *
 * How many attempts: 50. A conditional write is lock-free: in every round of
 * writers racing for one item at least one of them wins, so N writers on one
 * item need at most N attempts each. The most contended items are a family's
 * revision counter under a burst of RegisterTaskDefinition (tests run 40 at
 * once), a service record written by up to 10 concurrent reconciler
 * invocations (its reserved concurrency) plus UpdateService callers, and an
 * instance's capacity under parallel RunTask calls. 50 covers 40 simultaneous
 * writers with room to spare; beyond that a caller gets a ServerException
 * (TooManyConflicts) rather than a request that never ends. A whole
 * placement or reconcile plan is re-decided under the same bound: each
 * conflict means another plan committed, which is progress.
 *
 * Backoff: "full jitter" (AWS Architecture Blog, Exponential Backoff And
 * Jitter): before attempt n a random pause in [0, min(200, 5·2ⁿ)) ms. The
 * first retries are nearly immediate (a conflict is usually one other
 * writer); the cap keeps a crowd spread out without ever sleeping long. 50
 * attempts then wait about 4.6 s on average and at most 9.1 s, well inside
 * API Gateway's 29 s.
 */
export interface ConflictRetry {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Waits before attempt `attempt` (1 for the first retry). */
  pause(attempt: number): Promise<void>;
}

export const CONFLICT_ATTEMPTS = 50;
const BASE_MS = 5;
const CAP_MS = 200;

export const conflictRetry: ConflictRetry = {
  attempts: CONFLICT_ATTEMPTS,
  pause: (attempt) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt))),
};

/** What an attempt returns when its conditional write lost: re-read and try again. */
export const CONFLICT: unique symbol = Symbol('conflict');
export type Attempt<T> = T | typeof CONFLICT;

/** Every attempt lost to another writer. Surfaces as a ServerException: the caller may retry later. */
export class TooManyConflicts extends Error {
  constructor(what: string, attempts: number) {
    super(`${what}: gave up after ${attempts} attempts, each lost to a concurrent change`);
    this.name = 'TooManyConflicts';
  }
}

/**
 * Runs `attempt` (0, 1, 2…) until it returns something other than CONFLICT,
 * pausing between attempts as the policy says. When every attempt conflicted,
 * returns `exhausted()` if given (e.g. RunTask's RESOURCE:CONFLICT failures),
 * else throws TooManyConflicts.
 */
export async function retryOnConflict<T>(
  what: string,
  policy: ConflictRetry,
  attempt: (n: number) => Promise<Attempt<T>>,
  exhausted?: () => T | Promise<T>,
): Promise<T> {
  for (let n = 0; n < policy.attempts; n++) {
    if (n > 0) await policy.pause(n);
    const out = await attempt(n);
    if (out !== CONFLICT) return out;
  }
  if (exhausted) return exhausted();
  throw new TooManyConflicts(what, policy.attempts);
}
