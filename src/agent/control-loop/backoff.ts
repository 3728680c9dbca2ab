/** Retry delays for a failing control plane. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * 0.5 s doubling up to 15 s: half the default agent timeout (30 s), so an agent
 * whose control plane comes back is heard from again before it is marked
 * disconnected.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 15_000 };

/**
 * Delay before retry number `attempt` (1-based) with "equal jitter": half of
 * the exponential step is fixed, half random. Unlike full jitter it never
 * collapses to ~0 (no hammering), yet still spreads a fleet that failed together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const step = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}

/** `ms` moved randomly by up to ±fraction, so agents started together do not poll in lockstep. */
export function jittered(ms: number, fraction: number, random: () => number): number {
  return Math.max(0, ms * (1 + fraction * (2 * random() - 1)));
}
