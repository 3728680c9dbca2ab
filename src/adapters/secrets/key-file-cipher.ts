import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretCipher } from '../../ports/secret-cipher.js';

/**
 * Local encryption at rest: AES-256-GCM with a 256-bit key kept in a file
 * only its owner can read (`.berth/secret.key`, mode 0600), the access key id
 * as additional authenticated data. The local stand-in for KMS.
 */
const PREFIX = 'local1';

export class KeyFileCipher implements SecretCipher {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key file, refusing one that others could read (as ssh refuses such a private key). */
  static load(path: string): KeyFileCipher {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) throw new Error(`${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a 256-bit base64 key`);
    return new KeyFileCipher(key);
  }

  /** Creates the key file (0600) unless it exists; returns whether it was created. Safe if two starts race. */
  static ensure(path: string): boolean {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  }

  async seal(plaintext: string, context: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, iv.toString('base64'), data.toString('base64'), cipher.getAuthTag().toString('base64')].join(':');
  }

  async open(sealed: string, context: string): Promise<string> {
    const [prefix, iv, data, tag] = sealed.split(':');
    if (prefix !== PREFIX || !iv || data === undefined || !tag) {
      throw new Error(`the secret was not sealed with a local key file (${prefix}): this deployment cannot open it`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}
