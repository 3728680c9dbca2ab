import { invalidParameter } from '../../domain/errors.js';

/**
 * nextToken ⇄ DynamoDB LastEvaluatedKey. Opaque to clients (base64url JSON);
 * a token that does not decode to a key of Berth's shape is the client's
 * mistake, refused here before DynamoDB sees it (a well-formed key from
 * another listing is caught by the table: see refusals.ts).
 */
const KEY_ATTRIBUTES = new Set(['PK', 'SK', ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`GSI${n}PK`, `GSI${n}SK`])]);
/** Tokens Berth issues hold at most a table key and an index key (4 attributes) of a few hundred bytes. */
const MAX_TOKEN_LENGTH = 8192;

export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodePageToken(token: string | undefined): Record<string, unknown> | undefined {
  if (token === undefined) return undefined;
  const invalid = () => invalidParameter('Invalid nextToken.');
  if (token.length > MAX_TOKEN_LENGTH) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  if (entries.length === 0 || entries.length > 4) throw invalid();
  for (const [name, value] of entries) {
    if (!KEY_ATTRIBUTES.has(name) || typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > 1024) throw invalid();
  }
  return key as Record<string, unknown>;
}
