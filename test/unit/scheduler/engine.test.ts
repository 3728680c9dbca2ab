import { describe, expect, it } from 'vitest';
import {
  CqlSyntaxError,
  NO_INSTANCES_MESSAGE,
  placeTasks,
  type PlacementInstance,
  type PlacementRequest,
  type PortRequest,
} from '../../../src/scheduler/placement/index.js';
import { instance, request } from './fixtures.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const zonal = (n: number, overrides: Partial<PlacementInstance> = {}) =>
  Array.from({ length: n }, (_, i) =>
    instance(`i${i}`, {
      attributes: { 'ecs.availability-zone': ZONES[i % 3]!, 'ecs.instance-type': i % 2 ? 'm5.large' : 't3.large' },
      ...overrides,
    }),
  );
const tally = (ids: string[]) => ids.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});
const placedOn = (req: PlacementRequest, instances: PlacementInstance[], seed = 1) =>
  placeTasks(req, instances, { seed }).placements.map((p) => p.instanceId);
const tcp = (hostPort?: number, containerPort = 80, containerName = 'web'): PortRequest => ({
  containerName,
  containerPort,
  protocol: 'tcp',
  ...(hostPort === undefined ? {} : { hostPort }),
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('sequential placement sees earlier placements of the same call', () => {
  it('binpack fills the fullest instance until it no longer fits', () => {
    const instances = [instance('big', { remainingMemory: 4096 }), instance('small', { remainingMemory: 1536 })];
    const ids = placedOn(request({ count: 5, memory: 512, strategy: [{ type: 'binpack', field: 'memory' }] }), instances);
    expect(ids).toEqual(['small', 'small', 'small', 'big', 'big']);
  });

  it('binpack on cpu', () => {
    const instances = [instance('a', { remainingCpu: 1024 }), instance('b', { remainingCpu: 512 })];
    expect(placedOn(request({ count: 3, cpu: 256, strategy: [{ type: 'binpack', field: 'cpu' }] }), instances)).toEqual(['b', 'b', 'a']);
  });

  it('spread on instanceId evens out task counts', () => {
    const instances = zonal(4, { taskGroups: {} });
    instances[0] = { ...instances[0]!, taskGroups: { 'service:web': 2 } };
    const counts = tally(
      placedOn(request({ count: 10, cpu: 0, memory: 0, strategy: [{ type: 'spread', field: 'instanceId' }] }), instances),
    );
    expect(counts).toEqual({ i0: 1, i1: 3, i2: 3, i3: 3 });
  });

  it('spread on zone balances zones, not instances', () => {
    const instances = [...zonal(3), instance('extra', { attributes: { 'ecs.availability-zone': 'us-east-1a' } })];
    const ids = placedOn(
      request({ count: 9, cpu: 0, memory: 0, strategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }),
      instances,
    );
    const byZone = tally(ids.map((id) => instances.find((i) => i.id === id)!.attributes['ecs.availability-zone']!));
    expect(byZone).toEqual({ 'us-east-1a': 3, 'us-east-1b': 3, 'us-east-1c': 3 });
  });

  it('distinctInstance counts tasks placed earlier in the call', () => {
    const result = placeTasks(request({ count: 4, constraints: [{ type: 'distinctInstance' }] }), zonal(3), { seed: 3 });
    expect(new Set(result.placements.map((p) => p.instanceId)).size).toBe(3);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.reason).toBe('DistinctInstance placement constraint unsatisfied.');
  });

  it('task:group anti-affinity in memberOf sees the call’s own tasks', () => {
    const req = request({ count: 3, constraints: [{ type: 'memberOf', expression: 'not(task:group == service:web)' }] });
    const result = placeTasks(req, zonal(2), { seed: 1 });
    expect(result.placements.map((p) => p.instanceId).sort()).toEqual(['i0', 'i1']);
    expect(result.closest?.reason).toBe('MemberOf placement constraint unsatisfied.');
  });

  it('runningTasksCount counts the call’s own tasks', () => {
    const req = request({ count: 3, constraints: [{ type: 'memberOf', expression: 'runningTasksCount == 0' }] });
    expect(
      placeTasks(req, zonal(3), { seed: 1 })
        .placements.map((p) => p.instanceId)
        .sort(),
    ).toEqual(['i0', 'i1', 'i2']);
  });

  it('stops at the first task that fits nowhere and fails the rest with the same reason', () => {
    const result = placeTasks(request({ count: 5, cpu: 1024 }), [instance('a', { remainingCpu: 2048 })], { seed: 1 });
    expect(result.placements).toHaveLength(2);
    expect(result.failures).toEqual(Array.from({ length: 3 }, () => ({ arn: instance('a').arn, reason: 'RESOURCE:CPU' })));
    expect(result.closest).toEqual({
      instanceId: 'a',
      instanceArn: instance('a').arn,
      reason: 'RESOURCE:CPU',
      message: 'has insufficient CPU units available',
    });
  });

  it('places nothing for count 0', () => {
    expect(placeTasks(request({ count: 0 }), [], { seed: 1 })).toEqual({ placements: [], failures: [], assumptions: {} });
  });
});

describe('host ports', () => {
  it('assigns the lowest free dynamic port, skipping busy and reserved ones', () => {
    const instances = [instance('a', { usedTcpPorts: [49153, 49155], reservedTcpPorts: [49154] })];
    const result = placeTasks(request({ count: 2, ports: [tcp()] }), instances, { seed: 1 });
    expect(result.placements.map((p) => p.ports[0]!.hostPort)).toEqual([49156, 49157]);
  });

  it('skips the agent ports inside the dynamic range', () => {
    const instances = [instance('a', { usedTcpPorts: range(49153, 51677) })];
    const result = placeTasks(request({ count: 1, ports: [tcp(0)] }), instances, { seed: 1 });
    expect(result.placements[0]!.ports[0]!.hostPort).toBe(51681);
  });

  it('gives each mapping of a task its own port and keeps statics where asked', () => {
    const ports = [tcp(undefined, 80, 'web'), tcp(49153, 9000, 'admin'), tcp(0, 81, 'web'), { ...tcp(), protocol: 'udp' as const }];
    const result = placeTasks(request({ ports }), [instance('a')], { seed: 1 });
    expect(result.placements[0]!.ports).toEqual([
      { containerName: 'web', containerPort: 80, protocol: 'tcp', hostPort: 49154 },
      { containerName: 'admin', containerPort: 9000, protocol: 'tcp', hostPort: 49153 },
      { containerName: 'web', containerPort: 81, protocol: 'tcp', hostPort: 49155 },
      { containerName: 'web', containerPort: 80, protocol: 'udp', hostPort: 49153 },
    ]);
  });

  it('a static port goes to one task per instance', () => {
    const result = placeTasks(request({ count: 3, ports: [tcp(80)] }), zonal(2), { seed: 1 });
    expect(result.placements.map((p) => p.instanceId).sort()).toEqual(['i0', 'i1']);
    expect(result.placements.every((p) => p.ports[0]!.hostPort === 80)).toBe(true);
    expect(result.closest?.message).toBe('is already using a port required by your task');
  });
});

describe('closest match and failures', () => {
  it.each<[string, Partial<PlacementInstance>, Partial<PlacementRequest>, string, string]>([
    ['cpu', { remainingCpu: 100 }, {}, 'RESOURCE:CPU', 'has insufficient CPU units available'],
    ['memory', { remainingMemory: 100 }, {}, 'RESOURCE:MEMORY', 'has insufficient memory available'],
    ['tcp port', { usedTcpPorts: [80] }, { ports: [tcp(80)] }, 'RESOURCE:PORTS', 'is already using a port required by your task'],
    [
      'udp port',
      { usedUdpPorts: [53] },
      { ports: [{ ...tcp(53), protocol: 'udp' }] },
      'RESOURCE:PORTS_UDP',
      'is already using a port required by your task',
    ],
    ['agent', { agentConnected: false }, {}, 'AGENT', 'encountered error "AGENT"'],
    [
      'attribute',
      {},
      { requiredAttributes: [{ name: 'ecs.capability.task-eni' }] },
      'ATTRIBUTE',
      'is missing an attribute required by your task',
    ],
    [
      'distinctInstance',
      { taskGroups: { 'service:web': 1 } },
      { constraints: [{ type: 'distinctInstance' }] },
      'DistinctInstance placement constraint unsatisfied.',
      'encountered error "DistinctInstance placement constraint unsatisfied."',
    ],
    [
      'memberOf',
      {},
      { constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == m5.large' }] },
      'MemberOf placement constraint unsatisfied.',
      'encountered error "MemberOf placement constraint unsatisfied."',
    ],
  ])('%s', (_, overrides, req, reason, message) => {
    const only = instance('a', overrides);
    const result = placeTasks(request({ count: 2, ...req }), [only], { seed: 1 });
    expect(result.placements).toEqual([]);
    expect(result.failures).toEqual([
      { arn: only.arn, reason },
      { arn: only.arn, reason },
    ]);
    expect(result.closest).toEqual({ instanceId: 'a', instanceArn: only.arn, reason, message });
  });

  it.each<[string, PlacementInstance[]]>([
    ['no instances', []],
    ['only DRAINING and REGISTERING instances', [instance('a', { status: 'DRAINING' }), instance('b', { status: 'REGISTERING' })]],
  ])('%s: MISSING', (_, instances) => {
    const result = placeTasks(request({ count: 2 }), instances, { seed: 1 });
    expect(result.failures).toEqual([
      { arn: '', reason: 'MISSING' },
      { arn: '', reason: 'MISSING' },
    ]);
    expect(result.closest).toEqual({ instanceId: '', instanceArn: '', reason: 'MISSING', message: NO_INSTANCES_MESSAGE });
    expect(NO_INSTANCES_MESSAGE).toBe('No Container Instances were found in your cluster.');
  });

  it('the closest instance is the one that passed the most filters', () => {
    const instances = [
      instance('draining', { status: 'DRAINING' }),
      instance('no-cpu', { remainingCpu: 0 }),
      instance('wrong-type', { attributes: { 'ecs.instance-type': 'm5.large' } }),
      instance('no-memory', { remainingMemory: 0 }),
    ];
    const req = request({ constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == c5.large' }] });
    expect(placeTasks(req, instances, { seed: 1 }).closest?.instanceId).toBe('wrong-type');
  });

  it('ties go to the first instance in input order', () => {
    const instances = [instance('x', { remainingCpu: 0 }), instance('y', { remainingCpu: 0 })];
    expect(placeTasks(request(), instances, { seed: 9 }).closest?.instanceId).toBe('x');
  });

  it('a DRAINING instance with room does not hide a full ACTIVE one', () => {
    const instances = [instance('draining', { status: 'DRAINING' }), instance('full', { remainingMemory: 0 })];
    expect(placeTasks(request(), instances, { seed: 1 }).closest?.reason).toBe('RESOURCE:MEMORY');
  });
});

describe('strategy defaults, determinism and purity', () => {
  it('uses the default strategy only when the request has none', () => {
    const instances = [instance('a', { remainingMemory: 4096 }), instance('b', { remainingMemory: 1024 })];
    const defaultStrategy = [{ type: 'binpack' as const, field: 'memory' }];
    expect(placedOn(request(), instances, 1).length).toBe(1);
    expect(placeTasks(request(), instances, { seed: 1, defaultStrategy }).placements[0]!.instanceId).toBe('b');
    const spread = request({ count: 2, strategy: [{ type: 'spread', field: 'instanceId' }] });
    expect(
      placeTasks(spread, instances, { seed: 1, defaultStrategy })
        .placements.map((p) => p.instanceId)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('defaults to random: all instances get picked over seeds', () => {
    const seen = new Set(Array.from({ length: 100 }, (_, seed) => placedOn(request(), zonal(5), seed)[0]));
    expect(seen.size).toBe(5);
  });

  it('gives the same result for the same seed and differs across seeds', () => {
    const req = request({
      count: 30,
      cpu: 64,
      memory: 64,
      ports: [tcp()],
      strategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    });
    const instances = zonal(12);
    const run = (seed: number) => placeTasks(req, instances, { seed });
    expect(run(42)).toEqual(run(42));
    expect(run(42).placements).not.toEqual(run(43).placements);
  });

  it('never mutates the caller’s request or instances', () => {
    const instances = zonal(3, { usedTcpPorts: [49153], taskGroups: { 'service:web': 1 } });
    const req = request({
      count: 6,
      ports: [tcp(), tcp(8080, 8080)],
      constraints: [{ type: 'memberOf', expression: 'task:group exists' }],
    });
    const before = structuredClone({ req, instances });
    deepFreeze(req);
    deepFreeze(instances);
    const result = placeTasks(req, instances, { seed: 5 });
    expect(result.placements).toHaveLength(3);
    expect({ req, instances }).toEqual(before);
  });

  it('throws CqlSyntaxError for an expression validatePlacement would reject', () => {
    const req = request({ constraints: [{ type: 'memberOf', expression: 'attribute:a ==' }] });
    expect(() => placeTasks(req, zonal(1), { seed: 1 })).toThrow(CqlSyntaxError);
  });
});
