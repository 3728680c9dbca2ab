import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCredentialRepository } from '../adapters/dynamodb/credential-repository.js';
import { DynamoJoinTokenRepository } from '../adapters/dynamodb/join-token-repository.js';
import { KeyFileCipher } from '../adapters/secrets/key-file-cipher.js';
import { KmsCipher } from '../adapters/secrets/kms-cipher.js';
import type { SecurityStores } from '../app/security/security-stores.js';
import { Authenticator, type AuthLog } from '../auth/authenticator.js';
import type { BerthConfig } from '../config.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { SecretCipher } from '../ports/secret-cipher.js';

/**
 * The secret cipher for a config: the local key file when
 * BERTH_SECRETS_KEY_FILE is set (the local stack sets it), else KMS under
 * BERTH_KMS_KEY_ID (AWS). Neither is a configuration error, reported at
 * start: a control plane that cannot check signatures must not serve.
 */
export function secretCipher(config: BerthConfig): SecretCipher {
  if (config.secretsKeyFile) return KeyFileCipher.load(config.secretsKeyFile);
  if (config.kmsKeyId) return new KmsCipher(new KMSClient({ region: config.region, maxAttempts: 3 }), config.kmsKeyId);
  throw new Error('No secrets key: set BERTH_KMS_KEY_ID (a KMS key, on AWS) or BERTH_SECRETS_KEY_FILE (a local 0600 key file)');
}

export function buildSecurity(config: BerthConfig, opts: { db?: DynamoDBDocumentClient; clock?: Clock } = {}): SecurityStores {
  const db = opts.db ?? createDocumentClient(config);
  return {
    arn: { region: config.region, accountId: config.accountId },
    clock: opts.clock ?? systemClock,
    credentials: new DynamoCredentialRepository(db, config.tableName),
    joinTokens: new DynamoJoinTokenRepository(db, config.tableName),
    cipher: secretCipher(config),
  };
}

export function buildAuthenticator(config: BerthConfig, security: SecurityStores, log?: AuthLog): Authenticator {
  return new Authenticator({
    credentials: security.credentials,
    cipher: security.cipher,
    arn: security.arn,
    now: () => security.clock.now(),
    ttlMs: config.credentialCacheMs,
    log,
  });
}
