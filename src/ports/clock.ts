/** Injected so use cases and the scheduler are deterministic in tests. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** ECS wire timestamps are epoch seconds (JSON numbers, fractional). */
export const epochSeconds = (ms: number) => ms / 1000;
