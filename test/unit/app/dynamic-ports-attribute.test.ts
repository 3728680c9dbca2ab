import { describe, expect, it } from 'vitest';
import { checkAttributes } from '../../../src/app/container-instances/attributes.js';
import { DYNAMIC_PORTS_ATTRIBUTE } from '../../../src/protocol/index.js';

describe('the berth.dynamic-ports attribute', () => {
  it('must be a slice of the dynamic port range: placement acts on it', () => {
    expect(() => checkAttributes([{ name: DYNAMIC_PORTS_ATTRIBUTE, value: '50153-50155' }])).not.toThrow();
    for (const value of [undefined, '1000-2000', '50155-50153', 'all']) {
      expect(() => checkAttributes([{ name: DYNAMIC_PORTS_ATTRIBUTE, value }])).toThrow(
        /Invalid value for attribute berth.dynamic-ports: expected MIN-MAX within the dynamic port range 49153-65535/,
      );
    }
  });
});
