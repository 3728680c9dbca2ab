import { describe, expect, it } from 'vitest';
import type { PlacementInstance, PlacementStrategy } from '../../../src/scheduler/placement/index.js';
import { createRandom } from '../../../src/scheduler/placement/random.js';
import { binpackScorer, isBinpackField } from '../../../src/scheduler/placement/strategies/binpack.js';
import { pickRandom } from '../../../src/scheduler/placement/strategies/random.js';
import { buildScorers, notifyPlaced, selectInstance } from '../../../src/scheduler/placement/strategies/ranking.js';
import { isSpreadField, spreadScorer } from '../../../src/scheduler/placement/strategies/spread.js';
import { compileDemand } from '../../../src/scheduler/placement/placement-demand.js';
import { WorkingInstance } from '../../../src/scheduler/placement/working-instance.js';
import { instance, request } from './fixtures.js';

const task = compileDemand(request({ group: 'service:web' }));
const build = (sources: PlacementInstance[]) => sources.map((source, index) => new WorkingInstance(source, index, task));
const zone = (az: string | null | undefined, extra: Partial<PlacementInstance> = {}): Partial<PlacementInstance> => ({
  attributes: az === undefined ? {} : { 'ecs.availability-zone': az },
  ...extra,
});

/** Which instances the chain ranks first (all of them tie for the final random pick). */
function firstRanked(strategy: PlacementStrategy[], sources: PlacementInstance[]): string[] {
  const instances = build(sources);
  const scorers = buildScorers(strategy, { instances, task });
  const chosen = new Set<string>();
  // Enough seeds that every tied instance is drawn at least once.
  for (let seed = 0; seed < 200; seed++) {
    const all = Int32Array.from(instances.keys());
    const index = selectInstance(
      instances,
      all,
      all.length,
      scorers,
      createRandom(seed),
      new Int32Array(instances.length),
      new Float64Array(scorers.length),
    );
    chosen.add(instances[index]!.id);
  }
  return [...chosen].sort();
}

describe('binpack', () => {
  it.each([
    ['cpu', true],
    ['memory', true],
    ['disk', false],
    [undefined, false],
  ])('field %s valid: %s', (field, valid) => expect(isBinpackField(field)).toBe(valid));

  it.each<[string, 'cpu' | 'memory', Partial<PlacementInstance>[], string[]]>([
    ['least remaining memory', 'memory', [{ remainingMemory: 4096 }, { remainingMemory: 1024 }, { remainingMemory: 2048 }], ['b']],
    ['least remaining cpu', 'cpu', [{ remainingCpu: 512 }, { remainingCpu: 1024 }, { remainingCpu: 300 }], ['c']],
    [
      'memory ignores cpu',
      'memory',
      [
        { remainingCpu: 1, remainingMemory: 10 },
        { remainingCpu: 9, remainingMemory: 10 },
      ],
      ['a', 'b'],
    ],
  ])('%s', (_, field, overrides, expected) => {
    const sources = overrides.map((o, i) => instance('abc'[i]!, o));
    expect(firstRanked([{ type: 'binpack', field }], sources)).toEqual(expected);
  });

  it('scores the remaining resource', () => {
    const [w] = build([instance('a', { remainingCpu: 300, remainingMemory: 700 })]);
    expect(binpackScorer('cpu').score(w!)).toBe(300);
    expect(binpackScorer('memory').score(w!)).toBe(700);
  });
});

describe('spread', () => {
  it.each([
    ['instanceId', true],
    ['host', true],
    ['attribute:ecs.availability-zone', true],
    ['attribute:', false],
    ['zone', false],
    [undefined, false],
  ])('field %s valid: %s', (field, valid) => expect(isSpreadField(field)).toBe(valid));

  it.each<[string, string, Partial<PlacementInstance>[], string[]]>([
    [
      'instanceId: fewest tasks of the group',
      'instanceId',
      [{ taskGroups: { 'service:web': 2 } }, { taskGroups: { 'service:web': 1 } }, { taskGroups: { 'service:web': 1 } }],
      ['b', 'c'],
    ],
    ['host is instanceId', 'host', [{ taskGroups: { 'service:web': 2 } }, { taskGroups: {} }, { taskGroups: { 'service:web': 1 } }], ['b']],
    ['other groups do not count', 'instanceId', [{ taskGroups: { 'service:db': 9 } }, { taskGroups: { 'service:web': 1 } }], ['a']],
    [
      'zone with fewest tasks of the group',
      'attribute:ecs.availability-zone',
      [zone('a', { taskGroups: { 'service:web': 1 } }), zone('a'), zone('b'), zone('c', { taskGroups: { 'service:web': 2 } })],
      ['c'], // the only instance in zone b, the only zone without the group
    ],
    [
      'zone counts include instances that are not candidates',
      'attribute:ecs.availability-zone',
      [zone('a'), zone('b'), zone('b', { taskGroups: { 'service:web': 3 }, remainingCpu: 0 })],
      ['a'],
    ],
    [
      'DRAINING instances do not count',
      'attribute:ecs.availability-zone',
      [zone('a', { taskGroups: { 'service:web': 1 } }), zone('b'), zone('b', { status: 'DRAINING', taskGroups: { 'service:web': 5 } })],
      ['b', 'c'],
    ],
    // Spread one by one, b (no task) would win alone; sharing a bucket with c, it ties with zone a.
    [
      'instances without the attribute share one bucket',
      'attribute:ecs.availability-zone',
      [zone('a', { taskGroups: { 'service:web': 1 } }), zone(undefined), zone(undefined, { taskGroups: { 'service:web': 1 } })],
      ['a', 'b', 'c'],
    ],
    [
      'an attribute without a value joins the missing bucket',
      'attribute:ecs.availability-zone',
      [zone('a', { taskGroups: { 'service:web': 1 } }), zone(null, { taskGroups: { 'service:web': 1 } }), zone(undefined)],
      ['a', 'b', 'c'],
    ],
    [
      'the missing bucket can win',
      'attribute:ecs.availability-zone',
      [zone('a', { taskGroups: { 'service:web': 1 } }), zone(undefined)],
      ['b'],
    ],
  ])('%s', (_, field, overrides, expected) => {
    const sources = overrides.map((o, i) => instance('abcd'[i]!, o));
    expect(firstRanked([{ type: 'spread', field }], sources)).toEqual(expected);
  });

  it('keeps zone counts up to date as tasks are placed', () => {
    const instances = build([instance('a', zone('x')), instance('b', zone('x')), instance('c', zone('y'))]);
    const scorer = spreadScorer('attribute:ecs.availability-zone', { instances, task });
    expect(instances.map((w) => scorer.score(w))).toEqual([0, 0, 0]);
    instances[0]!.place(task);
    scorer.placed!(instances[0]!);
    expect(instances.map((w) => scorer.score(w))).toEqual([1, 1, 0]);
  });
});

describe('random', () => {
  it('picks uniformly among candidates, reproducibly for a seed', () => {
    const candidates = Int32Array.from([4, 8, 15, 16]);
    const pick = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 400 }, () => pickRandom(candidates, 4, random));
    };
    expect(pick(1)).toEqual(pick(1));
    const counts = new Map<number, number>();
    for (const c of pick(1)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([4, 8, 15, 16]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);
  });

  it('returns the only candidate without drawing', () => {
    let draws = 0;
    const random = () => (draws++, 0.5);
    expect(pickRandom(Int32Array.from([7]), 1, random)).toBe(7);
    expect(draws).toBe(0);
  });
});

describe('chained strategies', () => {
  const sources = [
    instance('a', { remainingMemory: 1024, attributes: { 'ecs.availability-zone': 'x' }, taskGroups: { 'service:web': 1 } }),
    instance('b', { remainingMemory: 1024, attributes: { 'ecs.availability-zone': 'y' } }),
    instance('c', { remainingMemory: 1024, attributes: { 'ecs.availability-zone': 'y' } }),
    instance('d', { remainingMemory: 4096, attributes: { 'ecs.availability-zone': 'z' } }),
  ];

  it.each<[string, PlacementStrategy[], string[]]>([
    ['binpack alone leaves a tie', [{ type: 'binpack', field: 'memory' }], ['a', 'b', 'c']],
    [
      'spread breaks the binpack tie',
      [
        { type: 'binpack', field: 'memory' },
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
      ],
      ['b', 'c'],
    ],
    [
      'spread first, binpack breaks its tie',
      [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'memory' },
      ],
      ['b', 'c'],
    ],
    [
      'a third rule breaks what remains',
      [
        { type: 'binpack', field: 'memory' },
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'cpu' },
      ],
      ['b', 'c'],
    ],
    ['random first: everything ties', [{ type: 'random' }, { type: 'binpack', field: 'memory' }], ['a', 'b', 'c', 'd']],
    [
      'random ends the chain',
      [{ type: 'binpack', field: 'memory' }, { type: 'random' }, { type: 'spread', field: 'instanceId' }],
      ['a', 'b', 'c'],
    ],
    ['no strategy: everything ties', [], ['a', 'b', 'c', 'd']],
  ])('%s', (_, strategy, expected) => {
    expect(firstRanked(strategy, sources)).toEqual(expected);
  });

  it.each<[string, PlacementStrategy[], string[]]>([
    [
      'binpack first',
      [
        { type: 'binpack', field: 'memory' },
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
      ],
      ['a'],
    ],
    [
      'spread first',
      [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'memory' },
      ],
      ['b'],
    ],
  ])('order matters: %s', (_, strategy, expected) => {
    const ordered = [
      instance('a', { remainingMemory: 1024, attributes: { 'ecs.availability-zone': 'x' }, taskGroups: { 'service:web': 1 } }),
      instance('b', { remainingMemory: 2048, attributes: { 'ecs.availability-zone': 'y' } }),
      instance('c', { remainingMemory: 3072, attributes: { 'ecs.availability-zone': 'y' } }),
      instance('d', { remainingMemory: 4096, attributes: { 'ecs.availability-zone': 'z' } }),
    ];
    expect(firstRanked(strategy, ordered)).toEqual(expected);
  });

  it('only looks at the listed candidates and returns -1 when there are none', () => {
    const instances = build(sources);
    const scorers = buildScorers([{ type: 'binpack', field: 'memory' }], { instances, task });
    const pick = (candidates: number[], count = candidates.length) =>
      selectInstance(
        instances,
        Int32Array.from([...candidates, 0, 0]),
        count,
        scorers,
        createRandom(1),
        new Int32Array(4),
        new Float64Array(1),
      );
    expect(pick([3])).toBe(3);
    expect(pick([3, 2])).toBe(2);
    expect(pick([])).toBe(-1);
  });

  it('notifies every scorer of a placement', () => {
    const instances = build(sources);
    const scorers = buildScorers(
      [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'binpack', field: 'cpu' },
      ],
      { instances, task },
    );
    instances[3]!.place(task);
    notifyPlaced(scorers, instances[3]!);
    expect(scorers[0]!.score(instances[3]!)).toBe(1);
  });

  it.each<PlacementStrategy>([{ type: 'binpack', field: 'disk' }, { type: 'spread' }, { type: 'packed' as never }])(
    'throws on invalid rule %j',
    (rule) => {
      expect(() => buildScorers([rule], { instances: build(sources), task })).toThrow(TypeError);
    },
  );
});
