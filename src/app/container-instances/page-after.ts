import { invalidParameter } from '../../domain/errors.js';

/**
 * Pages an in-memory, key-ordered list (a cluster's instances: one Query, then
 * filtered): the token is the last key served, so pages stay stable while
 * items come and go.
 */
export function pageAfter<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limit: number,
  token?: string,
): { items: T[]; nextToken?: string } {
  let after: string | undefined;
  if (token !== undefined) {
    try {
      after = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).after;
    } catch {
      throw invalidParameter('Invalid nextToken.');
    }
    if (typeof after !== 'string') throw invalidParameter('Invalid nextToken.');
  }
  const start = after === undefined ? 0 : items.findIndex((i) => keyOf(i) > after!);
  const slice = start < 0 ? [] : items.slice(start, start + limit);
  const more = start >= 0 && start + limit < items.length;
  return {
    items: slice,
    nextToken: more ? Buffer.from(JSON.stringify({ after: keyOf(slice[slice.length - 1]) })).toString('base64url') : undefined,
  };
}
