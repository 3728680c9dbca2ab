import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The shapes of what Berth issues. Access key ids look like AWS's (20
 * upper-case characters, a 4-letter prefix: BKIA for users, BKII for
 * container instances) so tools that check the format accept them; secrets
 * are 40 characters like AWS's. Join tokens are `bjt-<id>.<secret>`: the id
 * finds the record, only a hash of the secret is stored.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newAccessKeyId(kind: 'user' | 'instance'): string {
  let id = kind === 'user' ? 'BKIA' : 'BKII';
  for (let i = 0; i < 16; i++) id += BASE32[randomInt(32)];
  return id;
}

export const newSecretAccessKey = () => randomBytes(30).toString('base64');

export interface JoinTokenParts {
  id: string;
  secret: string;
}

const JOIN_TOKEN = /^bjt-([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;

export function newJoinToken(): JoinTokenParts & { token: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `bjt-${id}.${secret}` };
}

/** undefined for anything that is not a well-formed join token (checked before any lookup). */
export function parseJoinToken(token: string): JoinTokenParts | undefined {
  const m = token.length <= 80 ? JOIN_TOKEN.exec(token) : null;
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Constant-time: the comparison takes as long whichever byte differs. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
