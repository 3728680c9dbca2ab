import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken } from '../../../src/adapters/dynamodb/page-token.js';
import { pageAfter } from '../../../src/app/container-instances/page-after.js';
import { pageLimit } from '../../../src/app/paging.js';
import { EcsError } from '../../../src/domain/errors.js';

describe('maxResults', () => {
  it('defaults to the operation maximum and must be within 1..max', () => {
    expect(pageLimit(undefined)).toBe(100);
    expect(pageLimit(undefined, 10)).toBe(10);
    expect(pageLimit(1)).toBe(1);
    expect(pageLimit(100)).toBe(100);
    expect(() => pageLimit(0)).toThrow('maxResults must be between 1 and 100.');
    expect(() => pageLimit(101)).toThrow(EcsError);
  });
});

describe('pageAfter (in-memory, key-ordered lists)', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const all = (list: string[], limit: number) => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = pageAfter(list, (x) => x, limit, token);
      pages.push(page.items);
      token = page.nextToken;
    } while (token);
    return pages;
  };

  it('pages through everything once, with no token after the last page', () => {
    expect(all(items, 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(all(items, 5)).toEqual([items]);
    expect(pageAfter(items, (x) => x, 5).nextToken).toBeUndefined();
  });

  it('stays stable while items come and go: the token is the last key served', () => {
    const first = pageAfter(items, (x) => x, 2);
    const next = pageAfter(['a', 'b', 'bb', 'd', 'e'], (x) => x, 2, first.nextToken);
    expect(next.items).toEqual(['bb', 'd']);
    const afterRemoval = pageAfter(['a', 'e'], (x) => x, 2, first.nextToken);
    expect(afterRemoval.items).toEqual(['e']);
  });

  it('an empty list or a token past the end gives an empty last page', () => {
    expect(pageAfter([], (x: string) => x, 3)).toEqual({ items: [], nextToken: undefined });
    const token = pageAfter(items, (x) => x, 4).nextToken;
    expect(pageAfter(['a'], (x) => x, 4, token)).toEqual({ items: [], nextToken: undefined });
  });

  it('a token that does not decode is InvalidParameterException, not a 500', () => {
    expect(() => pageAfter(items, (x) => x, 2, 'not-a-token')).toThrow('Invalid nextToken.');
    expect(() => pageAfter(items, (x) => x, 2, Buffer.from('{"after":3}').toString('base64url'))).toThrow('Invalid nextToken.');
  });
});

describe('DynamoDB page tokens', () => {
  it('round-trip a LastEvaluatedKey and refuse anything else', () => {
    const key = { PK: 'CLUSTER#c', SK: 'TASK#1', GSI2PK: 'LIVETASKS#c' };
    expect(decodePageToken(encodePageToken(key))).toEqual(key);
    expect(encodePageToken(undefined)).toBeUndefined();
    expect(decodePageToken(undefined)).toBeUndefined();
    for (const bad of ['%%%', Buffer.from('[1]').toString('base64url'), Buffer.from('null').toString('base64url')]) {
      expect(() => decodePageToken(bad), bad).toThrow('Invalid nextToken.');
    }
  });
});
