/** A failure as RunTask answers it ({arn, reason, detail}). */
export interface TokenFailure {
  arn?: string;
  reason?: string;
  detail?: string;
}

/** What a call with a clientToken did: recorded once, then answered to every retry. */
export interface TokenOutcome {
  fingerprint: string;
  /** Ids of what the call created (task ids, a service name). */
  result: string[];
  failures: TokenFailure[];
}

/**
 * A clientToken's record, kept 24 h. `done` is false while the first call
 * runs, and stays false if it dies midway: the outcome is written together
 * with what the call creates (or alone when it creates nothing), so a record
 * that is not done means nothing was created yet.
 */
export interface IdempotencyRecord extends TokenOutcome {
  done: boolean;
}

/** Where the outcome of a token's call is written atomically with the call's own writes. */
export interface TokenCompletion {
  scope: string;
  token: string;
  outcome: TokenOutcome;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface IdempotencyStore {
  /** Claims the token; returns the existing record if another call holds (or held) it. */
  claim(scope: string, token: string, fingerprint: string, expiresAt: number): Promise<IdempotencyRecord | undefined>;
  get(scope: string, token: string): Promise<IdempotencyRecord | undefined>;
  /** Records the outcome unless another call recorded one first; returns the outcome that stands. */
  complete(completion: TokenCompletion): Promise<TokenOutcome>;
  /** Forgets a claim whose call failed before doing anything (never a recorded outcome). */
  release(scope: string, token: string): Promise<void>;
}
