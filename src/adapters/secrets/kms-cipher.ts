import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SecretCipher } from '../../ports/secret-cipher.js';

/**
 * Encryption at rest on AWS: KMS Encrypt/Decrypt under Berth's key, with the
 * access key id as encryption context (so CloudTrail names the credential,
 * and a ciphertext moved to another credential does not decrypt). Secrets are
 * a few dozen bytes, well under KMS's 4 KB direct-encryption limit. The
 * authenticator caches what it opened, so a Lambda container calls Decrypt
 * once per credential it sees, not once per request.
 */
const PREFIX = 'kms1';
export const KMS_CONTEXT_KEY = 'berth:accessKeyId';

export class KmsCipher implements SecretCipher {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(plaintext: string, context: string): Promise<string> {
    const out = await this.kms.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: { [KMS_CONTEXT_KEY]: context },
      }),
    );
    if (!out.CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext');
    return `${PREFIX}:${Buffer.from(out.CiphertextBlob).toString('base64')}`;
  }

  async open(sealed: string, context: string): Promise<string> {
    const colon = sealed.indexOf(':');
    if (sealed.slice(0, colon) !== PREFIX) {
      throw new Error(`the secret was not sealed with KMS (${sealed.slice(0, colon)}): this deployment cannot open it`);
    }
    const out = await this.kms.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(sealed.slice(colon + 1), 'base64'),
        EncryptionContext: { [KMS_CONTEXT_KEY]: context },
      }),
    );
    if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return Buffer.from(out.Plaintext).toString('utf8');
  }
}
