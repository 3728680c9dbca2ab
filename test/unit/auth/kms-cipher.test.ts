import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { KmsCipher } from '../../../src/adapters/secrets/kms-cipher.js';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

describe('KmsCipher', () => {
  it('encrypts and decrypts under the key with the access key id as encryption context', async () => {
    const blob = Uint8Array.from([1, 2, 3, 4]);
    kms.on(EncryptCommand).resolves({ CiphertextBlob: blob });
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from('the-secret') });
    const cipher = new KmsCipher(new KMSClient({ region: 'us-east-1' }), 'alias/berth-dev');

    const sealed = await cipher.seal('the-secret', 'BKIAEXAMPLE');
    expect(sealed).toBe(`kms1:${Buffer.from(blob).toString('base64')}`);
    expect(await cipher.open(sealed, 'BKIAEXAMPLE')).toBe('the-secret');

    expect(kms.commandCalls(EncryptCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: 'alias/berth-dev', Plaintext: Buffer.from('the-secret'), EncryptionContext: { 'berth:accessKeyId': 'BKIAEXAMPLE' } },
    ]);
    expect(kms.commandCalls(DecryptCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: 'alias/berth-dev', CiphertextBlob: Buffer.from(blob), EncryptionContext: { 'berth:accessKeyId': 'BKIAEXAMPLE' } },
    ]);
  });

  it('refuses a secret sealed locally, without calling KMS', async () => {
    const cipher = new KmsCipher(new KMSClient({ region: 'us-east-1' }), 'alias/berth-dev');
    await expect(cipher.open('local1:a:b:c', 'BKIAEXAMPLE')).rejects.toThrow('not sealed with KMS');
    expect(kms.calls()).toHaveLength(0);
  });
});
