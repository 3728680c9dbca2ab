/** A cluster join token (the secret is kept only as a SHA-256 hash: it is a bearer secret, never needed again). */
export interface JoinTokenRecord {
  id: string;
  cluster: string;
  secretHash: string;
  createdAt: number;
  /** Epoch ms; DynamoDB's TTL removes the item some time after. */
  validUntil: number;
  /** Registrations it may still make; undefined = any number until it expires. */
  maxRegistrations?: number;
  registrations: number;
}

export interface JoinTokenStore {
  get(id: string): Promise<JoinTokenRecord | undefined>;
  create(record: JoinTokenRecord): Promise<void>;
  /** Counts one registration; false when the token is gone, expired or used up (checked atomically). */
  claim(id: string, now: number): Promise<boolean>;
  revoke(id: string): Promise<boolean>;
  list(): Promise<JoinTokenRecord[]>;
}
