import { invalidParameter } from '../../domain/errors.js';

/**
 * nextToken ⇄ DynamoDB LastEvaluatedKey. Opaque to clients (base64url JSON);
 * a token that does not decode is the client's mistake, not a 500.
 */
export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodePageToken(token: string | undefined): Record<string, unknown> | undefined {
  if (token === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new Error('not an object');
    return key;
  } catch {
    throw invalidParameter('Invalid nextToken.');
  }
}
