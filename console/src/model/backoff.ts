/**
 * How long a page waits before its next refresh: the base interval while the
 * API answers, doubling after each consecutive failure up to `max`, so a down
 * endpoint is not hammered and a recovered one is noticed soon.
 */
export function nextDelay(baseMs: number, consecutiveFailures: number, maxMs = 30_000): number {
  if (consecutiveFailures <= 0) return baseMs;
  return Math.min(maxMs, baseMs * 2 ** Math.min(consecutiveFailures, 16));
}
