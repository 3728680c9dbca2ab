import { describe, expect, it } from 'vitest';
import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN, formatPortSlice, parsePortSlice } from '../../../src/protocol/index.js';

describe('parsePortSlice', () => {
  it('reads MIN-MAX within the dynamic port range', () => {
    expect(parsePortSlice('50153-50155')).toEqual({ min: 50153, max: 50155 });
    expect(parsePortSlice(`${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX}`)).toEqual({ min: DYNAMIC_PORT_MIN, max: DYNAMIC_PORT_MAX });
    expect(formatPortSlice({ min: 50000, max: 50001 })).toBe('50000-50001');
  });

  it.each([
    '',
    '50000',
    '50000-',
    '-50000',
    '1000-2000',
    '50000-70000',
    '51000-50000',
    'a-b',
    '50000-5000x',
    ' 50000-50001',
    '050000-050001',
  ])('refuses %j', (raw) => expect(parsePortSlice(raw)).toBeUndefined());
});
