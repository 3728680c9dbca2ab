import { describe, expect, it } from 'vitest';
import * as agent from '../../../src/scheduler/placement/filters/agent-connected.js';
import * as cpu from '../../../src/scheduler/placement/filters/cpu.js';
import * as distinct from '../../../src/scheduler/placement/filters/distinct-instance.js';
import type { PlacementFilter } from '../../../src/scheduler/placement/filters/filter.js';
import * as status from '../../../src/scheduler/placement/filters/instance-status.js';
import * as memberOf from '../../../src/scheduler/placement/filters/member-of.js';
import * as memory from '../../../src/scheduler/placement/filters/memory.js';
import { FILTERS } from '../../../src/scheduler/placement/filters/pipeline.js';
import * as ports from '../../../src/scheduler/placement/filters/ports.js';
import * as required from '../../../src/scheduler/placement/filters/required-attributes.js';
import type { PlacementInstance, PlacementRequest, PortRequest } from '../../../src/scheduler/placement/index.js';
import { compileDemand } from '../../../src/scheduler/placement/placement-demand.js';
import { instance, request, working } from './fixtures.js';

type Row = [case_: string, instance: Partial<PlacementInstance>, request: Partial<PlacementRequest>, reason: string | undefined];

/** Runs one filter alone; a filter the request does not need passes everything. */
function run(filter: PlacementFilter, [, overrides, req]: Row): string | undefined {
  const fullRequest = request(req);
  const check = filter.build(compileDemand(fullRequest));
  return check?.(working(instance('i1', overrides), fullRequest));
}

const tcp = (hostPort?: number, containerPort = 80): PortRequest => ({
  containerName: 'web',
  containerPort,
  protocol: 'tcp',
  ...(hostPort === undefined ? {} : { hostPort }),
});
const udp = (hostPort?: number): PortRequest => ({ ...tcp(hostPort), protocol: 'udp' });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each<[PlacementFilter, string, Row[]]>([
  [
    status.instanceStatusFilter,
    status.name,
    [
      ['ACTIVE', { status: 'ACTIVE' }, {}, undefined],
      ['DRAINING', { status: 'DRAINING' }, {}, status.REASON_NOT_ACTIVE],
      ['REGISTERING', { status: 'REGISTERING' }, {}, status.REASON_NOT_ACTIVE],
      ['DEREGISTERING', { status: 'DEREGISTERING' }, {}, status.REASON_NOT_ACTIVE],
      ['REGISTRATION_FAILED', { status: 'REGISTRATION_FAILED' }, {}, status.REASON_NOT_ACTIVE],
      ['INACTIVE', { status: 'INACTIVE' }, {}, status.REASON_NOT_ACTIVE],
    ],
  ],
  [
    agent.agentConnectedFilter,
    agent.name,
    [
      ['connected', { agentConnected: true }, {}, undefined],
      ['disconnected', { agentConnected: false }, {}, agent.REASON_AGENT],
    ],
  ],
  [
    cpu.cpuFilter,
    cpu.name,
    [
      ['plenty', { remainingCpu: 2048 }, { cpu: 256 }, undefined],
      ['exactly enough', { remainingCpu: 256 }, { cpu: 256 }, undefined],
      ['one unit short', { remainingCpu: 255 }, { cpu: 256 }, cpu.REASON_CPU],
      ['zero-cpu task on a full instance', { remainingCpu: 0 }, { cpu: 0 }, undefined],
      ['already overcommitted', { remainingCpu: -10 }, { cpu: 0 }, cpu.REASON_CPU],
    ],
  ],
  [
    memory.memoryFilter,
    memory.name,
    [
      ['plenty', { remainingMemory: 4096 }, { memory: 512 }, undefined],
      ['exactly enough', { remainingMemory: 512 }, { memory: 512 }, undefined],
      ['one MiB short', { remainingMemory: 511 }, { memory: 512 }, memory.REASON_MEMORY],
    ],
  ],
  [
    ports.portsFilter,
    ports.name,
    [
      ['no ports', {}, { ports: [] }, undefined],
      ['free static tcp port', {}, { ports: [tcp(80)] }, undefined],
      ['busy static tcp port', { usedTcpPorts: [80] }, { ports: [tcp(80)] }, ports.REASON_PORTS],
      ['busy on udp only, tcp wanted', { usedUdpPorts: [80] }, { ports: [tcp(80)] }, undefined],
      ['busy on tcp only, udp wanted', { usedTcpPorts: [53] }, { ports: [udp(53)] }, undefined],
      ['busy static udp port', { usedUdpPorts: [53] }, { ports: [udp(53)] }, ports.REASON_PORTS_UDP],
      ...[22, 2375, 2376, 51678, 51679, 51680].map<Row>((port) => [
        `always reserved ${port}`,
        {},
        { ports: [tcp(port)] },
        ports.REASON_PORTS,
      ]),
      ['always reserved on udp too', {}, { ports: [udp(22)] }, ports.REASON_PORTS_UDP],
      ['instance-reserved tcp', { reservedTcpPorts: [8080] }, { ports: [tcp(8080)] }, ports.REASON_PORTS],
      ['instance-reserved udp', { reservedUdpPorts: [5000] }, { ports: [udp(5000)] }, ports.REASON_PORTS_UDP],
      ['same host port twice in the task', {}, { ports: [tcp(80, 80), tcp(80, 81)] }, ports.REASON_PORTS],
      ['same port on both protocols', {}, { ports: [tcp(53), udp(53)] }, undefined],
      ['dynamic, hostPort absent', { usedTcpPorts: [49153, 49154] }, { ports: [tcp()] }, undefined],
      ['dynamic, hostPort 0', {}, { ports: [tcp(0)] }, undefined],
      // 16,383 ports in 49153–65535, three of them (51678–51680) always reserved
      ['dynamic range exhausted', { usedTcpPorts: range(49153, 65535) }, { ports: [tcp()] }, ports.REASON_PORTS],
      ['one dynamic port left', { usedTcpPorts: range(49153, 65534) }, { ports: [tcp()] }, undefined],
      ['one left, two wanted', { usedTcpPorts: range(49153, 65534) }, { ports: [tcp(), tcp(0, 81)] }, ports.REASON_PORTS],
      [
        'last dynamic port taken by own static',
        { usedTcpPorts: range(49153, 65534) },
        { ports: [tcp(), tcp(65535, 81)] },
        ports.REASON_PORTS,
      ],
      ['used list repeats reserved ports', { usedTcpPorts: [...range(49153, 65534), 51678, 51678] }, { ports: [tcp()] }, undefined],
      ['dynamic range reserved by the instance', { reservedTcpPorts: range(49153, 65535) }, { ports: [tcp()] }, ports.REASON_PORTS],
      [
        'dynamic range split between used and reserved',
        { usedTcpPorts: range(49153, 60000), reservedTcpPorts: range(60001, 65535) },
        { ports: [tcp()] },
        ports.REASON_PORTS,
      ],
      ['dynamic udp exhausted', { usedUdpPorts: range(49153, 65535) }, { ports: [udp()] }, ports.REASON_PORTS_UDP],
    ],
  ],
  [
    required.requiredAttributesFilter,
    required.name,
    [
      ['none required', {}, {}, undefined],
      [
        'present without value',
        { attributes: { 'ecs.capability.task-eni': null } },
        { requiredAttributes: [{ name: 'ecs.capability.task-eni' }] },
        undefined,
      ],
      ['absent', { attributes: {} }, { requiredAttributes: [{ name: 'ecs.capability.task-eni' }] }, required.REASON_ATTRIBUTE],
      [
        'value matches',
        { attributes: { 'ecs.os-type': 'linux' } },
        { requiredAttributes: [{ name: 'ecs.os-type', value: 'linux' }] },
        undefined,
      ],
      [
        'value differs',
        { attributes: { 'ecs.os-type': 'windows' } },
        { requiredAttributes: [{ name: 'ecs.os-type', value: 'linux' }] },
        required.REASON_ATTRIBUTE,
      ],
      [
        'inherited name is not an attribute',
        { attributes: {} },
        { requiredAttributes: [{ name: 'constructor' }] },
        required.REASON_ATTRIBUTE,
      ],
    ],
  ],
  [
    distinct.distinctInstanceFilter,
    distinct.name,
    [
      ['no constraint', { taskGroups: { 'service:web': 1 } }, {}, undefined],
      ['empty instance', {}, { constraints: [{ type: 'distinctInstance' }] }, undefined],
      ['another group runs here', { taskGroups: { 'service:db': 3 } }, { constraints: [{ type: 'distinctInstance' }] }, undefined],
      [
        'same group runs here',
        { taskGroups: { 'service:web': 1 } },
        { constraints: [{ type: 'distinctInstance' }] },
        distinct.REASON_DISTINCT_INSTANCE,
      ],
      ['same group count 0', { taskGroups: { 'service:web': 0 } }, { constraints: [{ type: 'distinctInstance' }] }, undefined],
    ],
  ],
  [
    memberOf.memberOfFilter,
    memberOf.name,
    [
      ['no constraint', {}, {}, undefined],
      ['matching expression', {}, { constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }] }, undefined],
      [
        'non-matching expression',
        {},
        { constraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type == m5.large' }] },
        memberOf.REASON_MEMBER_OF,
      ],
      [
        'all expressions must hold',
        {},
        {
          constraints: [
            { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' },
            { type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' },
          ],
        },
        memberOf.REASON_MEMBER_OF,
      ],
      [
        'task affinity',
        { taskGroups: { 'service:db': 1 } },
        { constraints: [{ type: 'memberOf', expression: 'task:group == service:db' }] },
        undefined,
      ],
      [
        'task anti-affinity',
        { taskGroups: { 'service:db': 1 } },
        { constraints: [{ type: 'memberOf', expression: 'not(task:group == service:db)' }] },
        memberOf.REASON_MEMBER_OF,
      ],
    ],
  ],
])('%s filter', (filter, name, rows) => {
  it('is named', () => expect(filter.name).toBe(name));
  it.each(rows)('%s', (...row) => {
    expect(run(filter, row)).toBe(row[3]);
  });
});

describe('pipeline', () => {
  it('runs in ECS order: status, agent, resources, attributes, constraints', () => {
    expect(FILTERS.map((f) => f.name)).toEqual([
      'instanceStatus',
      'agentConnected',
      'cpu',
      'memory',
      'ports',
      'requiredAttributes',
      'distinctInstance',
      'memberOf',
    ]);
  });

  it('reports ECS reasons word for word', () => {
    expect([
      status.REASON_NOT_ACTIVE,
      agent.REASON_AGENT,
      cpu.REASON_CPU,
      memory.REASON_MEMORY,
      ports.REASON_PORTS,
      ports.REASON_PORTS_UDP,
      required.REASON_ATTRIBUTE,
      distinct.REASON_DISTINCT_INSTANCE,
      memberOf.REASON_MEMBER_OF,
    ]).toEqual([
      'MISSING',
      'AGENT',
      'RESOURCE:CPU',
      'RESOURCE:MEMORY',
      'RESOURCE:PORTS',
      'RESOURCE:PORTS_UDP',
      'ATTRIBUTE',
      'DistinctInstance placement constraint unsatisfied.',
      'MemberOf placement constraint unsatisfied.',
    ]);
  });
});
