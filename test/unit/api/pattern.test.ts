import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, UnsupportedPatternError } from '../../../src/api/model/pattern.js';

/** The patterns AWS models use (ECS tags, Application Auto Scaling names, CloudWatch statistics, …). */
const ECS_TAG_VALUE = '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)';
const AAS_NAME = '(?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+';
const XML_STRING = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*';

describe('linear-time botocore patterns', () => {
  it.each([
    [ECS_TAG_VALUE, 'ünïcode ok: a=b+c@d/e', true],
    [ECS_TAG_VALUE, 'bad\u0001', false],
    [ECS_TAG_VALUE, '', true],
    ['[a-zA-Z0-9\\.\\*\\-]+', 'ecs.capability.*', true],
    ['[a-zA-Z0-9\\.\\*\\-]+', '', false],
    [AAS_NAME, 'my policy', true],
    [AAS_NAME, ' leading space', false],
    [AAS_NAME, 'trailing space ', false],
    [AAS_NAME, 'has:colon', false],
    [AAS_NAME, 'has\u0085control', false],
    [AAS_NAME, '', false],
    ['\\p{Print}+', 'plain ASCII', true],
    ['\\p{Print}+', 'not ascii é', false],
    [XML_STRING, 'emoji 😀 ok\n', true],
    [XML_STRING, 'nul \u0000 no', false],
    ['^ami-[a-z0-9]{1,17}$', 'ami-0abc', true],
    ['^ami-[a-z0-9]{1,17}$', `ami-${'a'.repeat(18)}`, false],
    ['[^:].*', ':x', false],
    ['[^:].*', 'x:', true],
    [
      '(SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tc|tm|ts|wm)(\\d{1,2}(\\.\\d{0,10})?|100)|[ou]\\d+(\\.\\d*)?)(_E|_L|_H)?',
      'p99.9',
      true,
    ],
    [
      '(SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tc|tm|ts|wm)(\\d{1,2}(\\.\\d{0,10})?|100)|[ou]\\d+(\\.\\d*)?)(_E|_L|_H)?',
      'p101',
      false,
    ],
    ['.*', 'no\nnewlines', false],
  ])('/%s/ on %j → %s', (pattern, value, expected) => {
    expect(compilePattern(pattern).test(value)).toBe(expected);
  });

  it('agrees with a whole-value JavaScript RegExp on random text (patterns JavaScript can express)', () => {
    const patterns = [ECS_TAG_VALUE, '[a-zA-Z0-9\\.\\*\\-]+', '(a|ab)*c?', 'x{2,4}y*', '[^:].*', '(\\d+\\.)?\\d+'];
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', 'y', ':', '.', '1', ' ', 'é', '-', '*', '\u0001'), maxLength: 12 });
    for (const p of patterns) {
      const ours = compilePattern(p);
      const js = new RegExp(`^(?:${p.replace(/\\p\{Print\}/g, '[\\x20-\\x7e]')})$`, 'u');
      fc.assert(fc.property(text, (s) => ours.test(s) === js.test(s)));
    }
  });

  it('answers inputs on which a backtracking engine never finishes', () => {
    // V8 takes exponential time on (a|a)*b over a run of a's, polynomial on the
    // Application Auto Scaling name pattern over spaces; a single pass here (the
    // test's default timeout is the bound, not a performance figure).
    expect(compilePattern('(a|a)*b').test('a'.repeat(100_000))).toBe(false);
    expect(compilePattern(AAS_NAME).test(`${' '.repeat(50_000)}x${' '.repeat(50_000)}`)).toBe(false);
  });

  it.each(['(a)\\1', 'a++', '(?<=a)b', 'a(?!b)', '[a&&b]', '\\q'])(
    'refuses what it cannot run in linear time or does not know: %s',
    (p) => {
      expect(() => compilePattern(p)).toThrow(UnsupportedPatternError);
    },
  );
});
