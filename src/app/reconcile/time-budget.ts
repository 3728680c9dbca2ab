/**
 * How long a reconcile pass may still start work. A Lambda that outlives its
 * timeout is killed mid-pass on AWS and, under serverless-offline, crashes the
 * whole local stack ("[504] - Lambda timeout"): so a pass checks its budget
 * before each unit of work (a cluster, a lost instance, a service's commit)
 * and leaves what it did not reach for the next pass. Every unit commits on
 * its own, so stopping between two of them is always safe.
 */

/** Milliseconds left before the pass must stop starting work; ≤ 0 means stop now. */
export type TimeLeft = () => number;

/**
 * Kept back from the Lambda's remaining time: the unit of work already started
 * when the budget runs out must still finish. The longest is a commit that keeps
 * losing to concurrent writers: retryOnConflict's 50 attempts wait at most 9.1 s.
 */
export const RECONCILE_MARGIN_MS = 10_000;

export const unbounded: TimeLeft = () => Infinity;

/** The budget of one invocation: `context.getRemainingTimeInMillis()` less the margin. */
export const lambdaTimeLeft =
  (remainingMs: () => number, marginMs = RECONCILE_MARGIN_MS): TimeLeft =>
  () =>
    remainingMs() - marginMs;

/** The tightest of several budgets (passes shared by several invocations end within each one's time). */
export const tightest =
  (budgets: readonly TimeLeft[]): TimeLeft =>
  () =>
    Math.min(...budgets.map((b) => b()));
