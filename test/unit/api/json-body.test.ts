import { describe, expect, it } from 'vitest';
import { readJsonBody } from '../../../src/api/json-body.js';
import { RequestRefused } from '../../../src/api/refusal.js';

const limits = { maxBytes: 1000, maxDepth: 4, maxStringLength: 50 };
const outcome = (body: string, headers: Record<string, string> = {}, isBase64Encoded = false) => {
  try {
    return readJsonBody({ headers, body, isBase64Encoded }, limits);
  } catch (err) {
    return err instanceof RequestRefused ? `${err.kind} ${err.status}` : `unexpected ${err}`;
  }
};

describe('request body caps before parsing', () => {
  it.each([
    ['', {}],
    ['  \n', {}],
    ['{"a":[1,{"b":2}]}', { a: [1, { b: 2 }] }],
    ['{"a":[[[["too deep"]]]]}', 'serialization 400'],
    ['{"s":"[[[[[[[[ brackets in a string do not count"}', { s: '[[[[[[[[ brackets in a string do not count' }],
    ['{"s":"escaped \\" quote [[[[[["}', { s: 'escaped " quote [[[[[[' }],
    [`{"s":"${'x'.repeat(51)}"}`, 'validation 400'],
    [`{"s":"${'x'.repeat(2000)}"}`, 'too-large 413'],
    ['{"a": ', 'serialization 400'],
    ['{"a":1}{"b":2}', 'serialization 400'],
  ])('%j → %j', (body, expected) => {
    expect(outcome(body)).toEqual(expected);
  });

  it('refuses on Content-Length before looking at the body', () => {
    expect(outcome('{}', { 'Content-Length': '1000000' })).toBe('too-large 413');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(outcome(`{"s":"${'é'.repeat(20)}"}`)).toEqual({ s: 'é'.repeat(20) });
    const twelve = JSON.stringify(Array.from({ length: 14 }, () => 'é'.repeat(40)));
    expect(twelve.length).toBeLessThan(1000);
    expect(outcome(twelve)).toBe('too-large 413');
  });

  it('decodes base64 bodies, refusing oversized ones before decoding and non-UTF-8 ones after', () => {
    expect(outcome(Buffer.from('{"a":1}').toString('base64'), {}, true)).toEqual({ a: 1 });
    expect(outcome(Buffer.alloc(5000).toString('base64'), {}, true)).toBe('too-large 413');
    expect(outcome(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), {}, true)).toBe('serialization 400');
  });
});
