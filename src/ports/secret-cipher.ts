/**
 * Encryption at rest for credential secrets: KMS on AWS, a local key file
 * locally. `context` (the access key id) is bound into the ciphertext, so a
 * sealed secret copied onto another credential does not open.
 */
export interface SecretCipher {
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}
