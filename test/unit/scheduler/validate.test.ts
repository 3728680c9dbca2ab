import { describe, expect, it } from 'vitest';
import {
  MAX_PLACEMENT_CONSTRAINTS,
  MAX_PLACEMENT_STRATEGIES,
  validatePlacement,
  type RawConstraint,
  type RawStrategy,
} from '../../../src/scheduler/placement/index.js';

describe('validatePlacement', () => {
  it.each<[string, RawConstraint[], RawStrategy[], string[]]>([
    ['nothing', [], [], []],
    [
      'valid everything',
      [{ type: 'distinctInstance' }, { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
      [
        { type: 'binpack', field: 'memory' },
        { type: 'binpack', field: 'cpu' },
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'spread', field: 'instanceId' },
        { type: 'spread', field: 'host' },
      ],
      [],
    ],
    ['random ignores its field', [], [{ type: 'random', field: 'anything' }], []],
    ['missing constraint type', [{}], [], ["Invalid placement constraint type '': expected distinctInstance or memberOf."]],
    [
      'unknown constraint type',
      [{ type: 'sameInstance' }],
      [],
      ["Invalid placement constraint type 'sameInstance': expected distinctInstance or memberOf."],
    ],
    [
      'distinctInstance with an expression',
      [{ type: 'distinctInstance', expression: 'attribute:a exists' }],
      [],
      ['A distinctInstance placement constraint cannot have an expression.'],
    ],
    ['memberOf without expression', [{ type: 'memberOf' }], [], ['A memberOf placement constraint requires an expression.']],
    [
      'memberOf with empty expression',
      [{ type: 'memberOf', expression: '' }],
      [],
      ['A memberOf placement constraint requires an expression.'],
    ],
    [
      'memberOf with a syntax error',
      [{ type: 'memberOf', expression: 'attribute:a = b' }],
      [],
      ["Invalid memberOf expression: Unexpected '=' (use '==' for equality) at position 12."],
    ],
    [
      'memberOf too long',
      [{ type: 'memberOf', expression: `attribute:a == ${'x'.repeat(2000)}` }],
      [],
      ['Invalid memberOf expression: Expression is longer than 2000 characters at position 2000.'],
    ],
    ['unknown strategy type', [], [{ type: 'packed' }], ["Invalid placement strategy type 'packed': expected random, spread or binpack."]],
    ['missing strategy type', [], [{}], ["Invalid placement strategy type '': expected random, spread or binpack."]],
    ['binpack on disk', [], [{ type: 'binpack', field: 'disk' }], ["Invalid binpack field 'disk': expected cpu or memory."]],
    ['binpack without field', [], [{ type: 'binpack' }], ["Invalid binpack field '': expected cpu or memory."]],
    [
      'spread without field',
      [],
      [{ type: 'spread' }],
      ['A spread placement strategy requires a field: instanceId, host or attribute:<name>.'],
    ],
    [
      'spread on an unknown field',
      [],
      [{ type: 'spread', field: 'zone' }],
      ["Invalid spread field 'zone': expected instanceId, host or attribute:<name>."],
    ],
    [
      'spread on an empty attribute name',
      [],
      [{ type: 'spread', field: 'attribute:' }],
      ["Invalid spread field 'attribute:': expected instanceId, host or attribute:<name>."],
    ],
    [
      'too many constraints',
      Array.from({ length: MAX_PLACEMENT_CONSTRAINTS + 1 }, () => ({ type: 'distinctInstance' })),
      [],
      ['At most 10 placement constraints are allowed per task, found 11.'],
    ],
    ['ten constraints are fine', Array.from({ length: MAX_PLACEMENT_CONSTRAINTS }, () => ({ type: 'distinctInstance' })), [], []],
    [
      'too many strategies',
      [],
      Array.from({ length: MAX_PLACEMENT_STRATEGIES + 1 }, () => ({ type: 'random' })),
      ['At most 5 placement strategy rules are allowed, found 6.'],
    ],
    [
      'reports every problem',
      [{ type: 'memberOf' }, { type: 'distinctInstance', expression: 'x' }],
      [{ type: 'spread' }, { type: 'binpack', field: 'gpu' }],
      [
        'A memberOf placement constraint requires an expression.',
        'A distinctInstance placement constraint cannot have an expression.',
        'A spread placement strategy requires a field: instanceId, host or attribute:<name>.',
        "Invalid binpack field 'gpu': expected cpu or memory.",
      ],
    ],
  ])('%s', (_, constraints, strategy, expected) => {
    expect(validatePlacement(constraints, strategy)).toEqual(expected);
  });

  it('defaults both lists to empty', () => {
    expect(validatePlacement()).toEqual([]);
  });
});
