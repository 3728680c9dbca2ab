import type { PolicyDocument } from '../auth/policy.js';

/**
 * A Berth-issued access key. The secret is kept sealed (encrypted at rest by
 * a SecretCipher, bound to the access key id) and opened only to verify a
 * signature.
 */
export interface StoredCredential {
  accessKeyId: string;
  /** `user`: an operator's key with a policy; `instance`: a container instance's own key. */
  kind: 'user' | 'instance';
  /** The user name (`ci`), or for an instance its container instance ARN. */
  name: string;
  /** Users: their policy, and the preset it came from, if any. */
  policy?: PolicyDocument;
  preset?: string;
  /** Instances: whose key it is. */
  cluster?: string;
  instanceId?: string;
  sealedSecret: string;
  createdAt: number;
}

export interface CredentialStore {
  get(accessKeyId: string): Promise<StoredCredential | undefined>;
  /** A user credential; false if the access key id is taken. */
  createUser(cred: StoredCredential): Promise<boolean>;
  /**
   * An instance credential, atomically with marking the instance as keyed:
   * false if the instance is gone, INACTIVE, or already has a key.
   */
  createForInstance(cred: StoredCredential): Promise<boolean>;
  /** Deletes a user credential; false if there was none. */
  deleteUser(accessKeyId: string): Promise<boolean>;
  /** User credentials, by name. */
  listUsers(): Promise<StoredCredential[]>;
}
