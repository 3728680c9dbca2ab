/** clientToken records: the first call's parameters and result, for 24 h. */
export interface IdempotencyRecord {
  fingerprint: string;
  result: string[];
}
export interface IdempotencyStore {
  /** Claims the token; returns the existing record if someone already holds it. */
  claim(scope: string, token: string, fingerprint: string, expiresAt: number): Promise<IdempotencyRecord | undefined>;
  complete(scope: string, token: string, result: string[]): Promise<void>;
  release(scope: string, token: string): Promise<void>;
}
