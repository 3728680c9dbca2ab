import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN } from '../../../src/protocol/index.js';
import {
  ALWAYS_RESERVED_PORTS,
  compileCql,
  placeTasks,
  type InstanceStatus,
  type PlacementInstance,
  type PlacementRequest,
  type PortRequest,
} from '../../../src/scheduler/placement/index.js';

/**
 * Random clusters receive random sequences of requests. Each call's result is
 * replayed, one placement at a time, against an independent model of the
 * cluster, then committed so the next call starts from it. The model checks
 * that the engine never overcommits cpu or memory, never hands one host port
 * (per protocol) to two tasks on an instance, and places every task only
 * where its status, agent, distinctInstance and memberOf rules allow; and
 * that when it gives up, no instance could really have taken the task.
 */

interface Model {
  source: PlacementInstance;
  cpu: number;
  memory: number;
  /** Host ports held by tasks, and those held plus reserved: what nothing new may bind. */
  used: { tcp: Set<number>; udp: Set<number> };
  taken: { tcp: Set<number>; udp: Set<number> };
  groups: Record<string, number>;
  running: number;
}

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const GROUPS = ['service:web', 'service:db', 'family:batch'];
const PORT_POOL = [80, 443, 8080, 53, 22, 49153, 49154, 51681];
const EXPRESSIONS = [
  'attribute:ecs.availability-zone in (us-east-1a, us-east-1b)',
  'attribute:ecs.instance-type =~ t3.*',
  'not(task:group == service:db)',
  'task:group != service:web or attribute:ecs.availability-zone == us-east-1c',
  'runningTasksCount < 4',
  'attribute:ecs.instance-type exists and agentVersion >= 1.50.0',
];

const instanceArb = (index: number) =>
  fc
    .record({
      status: fc.constantFrom<InstanceStatus>('ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAINING', 'REGISTERING'),
      agentConnected: fc.boolean().map((b) => b || index % 2 === 0),
      zone: fc.option(fc.constantFrom(...ZONES)),
      type: fc.option(fc.constantFrom('t3.large', 'm5.large')),
      cpu: fc.integer({ min: 0, max: 4096 }),
      memory: fc.integer({ min: 0, max: 8192 }),
      tcp: fc.uniqueArray(fc.constantFrom(...PORT_POOL), { maxLength: 4 }),
      udp: fc.uniqueArray(fc.constantFrom(...PORT_POOL), { maxLength: 3 }),
      reservedTcp: fc.uniqueArray(fc.constantFrom(...PORT_POOL), { maxLength: 2 }),
      groups: fc.dictionary(fc.constantFrom(...GROUPS), fc.integer({ min: 0, max: 3 })),
      agentVersion: fc.constantFrom('1.20.0', '1.82.0'),
    })
    .map<PlacementInstance>((r) => ({
      id: `ci-${index}`,
      arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/prop/ci-${index}`,
      ec2InstanceId: `i-${index}`,
      status: r.status,
      agentConnected: r.agentConnected,
      agentVersion: r.agentVersion,
      registeredAt: Date.UTC(2024, 0, 1),
      attributes: {
        ...(r.zone === null ? {} : { 'ecs.availability-zone': r.zone }),
        ...(r.type === null ? {} : { 'ecs.instance-type': r.type }),
      },
      remainingCpu: r.cpu,
      remainingMemory: r.memory,
      usedTcpPorts: r.tcp,
      usedUdpPorts: r.udp,
      reservedTcpPorts: r.reservedTcp,
      runningTasksCount: Object.values(r.groups).reduce((a, b) => a + b, 0),
      pendingTasksCount: 0,
      taskGroups: r.groups,
    }));

const clusterArb = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => instanceArb(i))));

const portArb: fc.Arbitrary<PortRequest> = fc
  .record({
    containerPort: fc.integer({ min: 1, max: 9000 }),
    hostPort: fc.option(fc.constantFrom(0, ...PORT_POOL), { nil: undefined }),
    protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
  })
  .map((p) => ({ containerName: 'app', ...p }));

const requestArb: fc.Arbitrary<PlacementRequest> = fc
  .record({
    count: fc.integer({ min: 1, max: 8 }),
    cpu: fc.integer({ min: 0, max: 1024 }),
    memory: fc.integer({ min: 0, max: 2048 }),
    ports: fc.array(portArb, { maxLength: 3 }),
    group: fc.constantFrom(...GROUPS),
    distinct: fc.boolean(),
    expressions: fc.uniqueArray(fc.constantFrom(...EXPRESSIONS), { maxLength: 2 }),
    strategy: fc.array(
      fc.constantFrom<PlacementRequest['strategy'][number]>(
        { type: 'binpack', field: 'cpu' },
        { type: 'binpack', field: 'memory' },
        { type: 'spread', field: 'instanceId' },
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'random' },
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ distinct, expressions, ...rest }) => ({
    ...rest,
    constraints: [
      ...(distinct ? [{ type: 'distinctInstance' as const }] : []),
      ...expressions.map((expression) => ({ type: 'memberOf' as const, expression })),
    ],
  }));

function toModel(source: PlacementInstance): Model {
  return {
    source,
    cpu: source.remainingCpu,
    memory: source.remainingMemory,
    used: { tcp: new Set(source.usedTcpPorts), udp: new Set(source.usedUdpPorts) },
    taken: {
      tcp: new Set([...ALWAYS_RESERVED_PORTS, ...source.usedTcpPorts, ...(source.reservedTcpPorts ?? [])]),
      udp: new Set([...ALWAYS_RESERVED_PORTS, ...source.usedUdpPorts, ...(source.reservedUdpPorts ?? [])]),
    },
    groups: { ...source.taskGroups },
    running: source.runningTasksCount,
  };
}

/** The model's instance as the next call's input: what a control plane would store after committing. */
function toInstance(model: Model): PlacementInstance {
  return {
    ...model.source,
    remainingCpu: model.cpu,
    remainingMemory: model.memory,
    usedTcpPorts: [...model.used.tcp],
    usedUdpPorts: [...model.used.udp],
    taskGroups: { ...model.groups },
    runningTasksCount: model.running,
  };
}

const cqlView = (model: Model) => ({ ...model.source, runningTasksCount: model.running, taskGroups: model.groups });

const isDynamic = (p: PortRequest) => p.hostPort === undefined || p.hostPort === 0;

/** An independent statement of every filter, to judge the engine's failures. */
function couldHost(model: Model, req: PlacementRequest): boolean {
  if (model.source.status !== 'ACTIVE' || !model.source.agentConnected) return false;
  if (model.cpu < req.cpu || model.memory < req.memory) return false;
  for (const protocol of ['tcp', 'udp'] as const) {
    const taken = model.taken[protocol];
    const mine = req.ports.filter((p) => p.protocol === protocol);
    const statics = mine.filter((p) => !isDynamic(p)).map((p) => p.hostPort!);
    if (new Set(statics).size !== statics.length || statics.some((p) => taken.has(p))) return false;
    const blocked = new Set([...taken, ...statics].filter((p) => p >= DYNAMIC_PORT_MIN && p <= DYNAMIC_PORT_MAX));
    if (DYNAMIC_PORT_MAX - DYNAMIC_PORT_MIN + 1 - blocked.size < mine.filter(isDynamic).length) return false;
  }
  if (req.constraints.some((c) => c.type === 'distinctInstance') && (model.groups[req.group] ?? 0) > 0) return false;
  return req.constraints.every((c) => c.type !== 'memberOf' || compileCql(c.expression!)(cqlView(model)));
}

function replay(models: Model[], req: PlacementRequest, seed: number): void {
  const result = placeTasks(req, models.map(toInstance), { seed });
  expect(result.placements.length + result.failures.length).toBe(req.count);
  for (const placement of result.placements) {
    const model = models.find((m) => m.source.id === placement.instanceId)!;
    expect(model, placement.instanceId).toBeDefined();
    expect(model.source.arn).toBe(placement.instanceArn);
    // Everything the filters promise, checked against the model before committing.
    expect(couldHost(model, req)).toBe(true);
    const withoutHostPort = ({ hostPort: _, ...rest }: PortRequest) => rest;
    expect(placement.ports.map(withoutHostPort)).toEqual(req.ports.map(withoutHostPort));
    for (const [i, port] of placement.ports.entries()) {
      const taken = model.taken[port.protocol];
      expect(taken.has(port.hostPort), `${port.protocol}/${port.hostPort} handed out twice on ${model.source.id}`).toBe(false);
      if (isDynamic(req.ports[i]!)) {
        expect(port.hostPort).toBeGreaterThanOrEqual(DYNAMIC_PORT_MIN);
        expect(port.hostPort).toBeLessThanOrEqual(DYNAMIC_PORT_MAX);
      } else {
        expect(port.hostPort).toBe(req.ports[i]!.hostPort);
      }
      taken.add(port.hostPort);
      model.used[port.protocol].add(port.hostPort);
    }
    model.cpu -= req.cpu;
    model.memory -= req.memory;
    expect(model.cpu).toBeGreaterThanOrEqual(0);
    expect(model.memory).toBeGreaterThanOrEqual(0);
    model.groups[req.group] = (model.groups[req.group] ?? 0) + 1;
    model.running++;
  }
  if (result.failures.length > 0) {
    expect(result.closest).toBeDefined();
    for (const model of models) expect(couldHost(model, req), `${model.source.id} could have taken the task`).toBe(false);
  }
}

describe('placement properties', () => {
  it('never overcommits, never double-books a port, honours every rule, gives up only when nothing fits', () => {
    fc.assert(
      fc.property(clusterArb, fc.array(requestArb, { minLength: 1, maxLength: 6 }), fc.integer(), (cluster, requests, seed) => {
        const models = cluster.map(toModel);
        requests.forEach((req, i) => replay(models, req, seed + i));
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(clusterArb, requestArb, fc.integer(), (cluster, req, seed) => {
        expect(placeTasks(req, cluster, { seed })).toEqual(placeTasks(req, cluster, { seed }));
      }),
      { numRuns: 200 },
    );
  });
});
