import { describe, expect, it } from 'vitest';
import {
  decodeAttributes,
  decodeInstance,
  storedTaskCounts,
  encodeAttributes,
  instanceItem,
  storedAttributes,
} from '../../../../src/adapters/dynamodb/instance-items.js';
import { itemBytes } from '../../../../src/adapters/dynamodb/item-size.js';
import { keys } from '../../../../src/adapters/dynamodb/keys.js';
import { dockerCapabilities } from '../../../../src/agent/runtime/capabilities.js';
import { hostAttributes } from '../../../../src/agent/host-resources.js';
import type { ContainerInstanceRecord } from '../../../../src/domain/container-instance.js';
import { ECS_LOG_DRIVERS } from '../../../../src/protocol/index.js';

const ARN = { region: 'us-east-1', accountId: '123456789012' };
const ID = '0f3c9a1b2c3d4e5f60718293a4b5c6d7';
const named = (names: readonly string[]) => names.map((name) => ({ name }));
const valued = (attrs: Record<string, string>) => Object.entries(attrs).map(([name, value]) => ({ name, value }));
/** What the Docker agent registers (src/agent/cli.ts) on an Engine speaking API 1.12–1.41 with every ECS log driver. */
const DOCKER_AGENT = [
  ...valued(
    hostAttributes(
      { cores: 2, totalMemoryBytes: 8e9, arch: 'x64' },
      { zone: 'us-east-1a', instanceType: 'm5.large', driver: 'docker', agentVersion: '0.1.0' },
    ),
  ),
  ...named(dockerCapabilities({ apiVersion: '1.41', minApiVersion: '1.12', logDrivers: ECS_LOG_DRIVERS })),
];
/** What a hollow agent registers (src/agent/hollow/fleet.ts through the agent's registerRequest). */
const HOLLOW_AGENT = [
  ...valued({ 'ecs.os-type': 'linux', 'berth.driver': 'hollow', 'ecs.availability-zone': 'us-east-1b', 'ecs.instance-type': 't3.medium' }),
  ...named(dockerCapabilities({ apiVersion: '1.41', minApiVersion: '1.12', logDrivers: ECS_LOG_DRIVERS })),
];

const instance = (more: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord => ({
  id: ID,
  arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/prod/${ID}`,
  clusterName: 'prod',
  status: 'ACTIVE',
  attributes: DOCKER_AGENT,
  versionInfo: { agentVersion: '0.1.0', agentHash: 'berth', dockerVersion: 'DockerVersion: 27.5.1' },
  registeredCpu: 2048,
  registeredMemory: 7373,
  reservedTcpPorts: [22, 2375, 2376, 51678, 51679, 51680],
  reservedUdpPorts: [],
  remainingCpu: 1536,
  remainingMemory: 6349,
  usedTcpPorts: [49153, 49154],
  usedUdpPorts: [],
  runningTasksCount: 2,
  pendingTasksCount: 0,
  taskGroups: { 'service:web': 2 },
  registeredAt: 1767574921123,
  lastHeartbeatAt: 1767574981123,
  tags: [],
  driver: 'docker',
  ...more,
});

/** The item as DynamoDB gives it back: number sets as Sets, undefined attributes absent. */
const asRead = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));

describe('the stored container instance item', () => {
  it('leaves out what can be derived and gives the same record back', () => {
    const r = instance();
    const item = asRead(instanceItem(r, ARN, 3));
    for (const derived of ['id', 'clusterName', 'arn', 'tags', 'reservedTcpPorts', 'reservedUdpPorts', 'usedUdpPorts'])
      expect(item, derived).not.toHaveProperty(derived);
    expect(typeof item.attributes).toBe('string');
    expect(item).toMatchObject({ ...keys.containerInstance('prod', ID), type: 'instance', version: 3, remainingCpu: 1536 });
    expect(item.usedTcpPorts).toEqual(new Set([49153, 49154]));
    expect(decodeInstance(item, ARN)).toEqual(r);
  });

  it('keeps reservation fields top-level, where conditional updates read them', () => {
    const item = instanceItem(instance(), ARN, 1);
    for (const name of ['remainingCpu', 'remainingMemory', 'usedTcpPorts', 'taskGroups', 'status', 'version', 'tasksCount'])
      expect(item, name).toHaveProperty(name);
  });

  it('stores the tasks it holds as one count, and the ids of those not started as a list read back as pending', () => {
    const item = asRead(instanceItem(instance({ runningTasksCount: 0, pendingTasksCount: 0 }), ARN, 1));
    expect(item.tasksCount).toBe(0);
    expect(item).not.toHaveProperty('runningTasksCount');
    expect(item).not.toHaveProperty('pendingTasksCount');
    const placed = { ...item, tasksCount: 3, pendingTasks: new Set(['a', 'b']) };
    expect(storedTaskCounts(placed)).toEqual({ held: 3, listedPending: ['a', 'b'] });
    expect(decodeInstance(placed, ARN)).toMatchObject({ runningTasksCount: 1, pendingTasksCount: 2 });
    expect(decodeInstance(placed, ARN)).not.toHaveProperty('tasksCount');
    expect(decodeInstance(placed, ARN)).not.toHaveProperty('pendingTasks');
  });

  it('adds the counters of an item written before tasksCount, which are never written again', () => {
    const { tasksCount: _, ...old } = asRead(instanceItem(instance(), ARN, 1));
    expect(storedTaskCounts({ ...old, runningTasksCount: 4, pendingTasksCount: 1 })).toEqual({ held: 5, listedPending: [] });
    // One of those tasks stopped since: tasksCount went below 0, and the sum is still what the instance holds.
    expect(storedTaskCounts({ ...old, runningTasksCount: 4, pendingTasksCount: 1, tasksCount: -1 }).held).toBe(4);
  });

  it('fits a typical Docker or hollow host in one 1 KB write unit (it was near 3 KB)', () => {
    for (const attributes of [DOCKER_AGENT, HOLLOW_AGENT]) {
      const r = instance({ attributes });
      const before = { ...keys.containerInstance('prod', ID), type: 'instance', ...r, usedTcpPorts: new Set(r.usedTcpPorts), version: 3 };
      expect(itemBytes(before)).toBeGreaterThan(2048);
      expect(itemBytes(asRead(instanceItem(r, ARN, 3)))).toBeLessThan(800);
    }
  });

  it('keeps whatever differs from the derived value, so every record round-trips', () => {
    const r = instance({
      arn: `arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/${ID}`,
      tags: [{ key: 'team', value: 'a' }],
      reservedTcpPorts: [22, 80, 2375, 2376, 51678, 51679, 51680],
      reservedUdpPorts: [53],
      usedUdpPorts: [5353],
      versionInfo: {},
      ec2InstanceId: 'i-0abc',
      capacityProviderName: 'cp',
      agentKeyId: 'AKIDX',
      statusReason: 'why',
    });
    const item = asRead(instanceItem(r, ARN, 1));
    expect(item).toMatchObject({ arn: r.arn, tags: r.tags, reservedTcpPorts: r.reservedTcpPorts, reservedUdpPorts: [53] });
    expect(item).not.toHaveProperty('versionInfo');
    expect(decodeInstance(item, ARN)).toEqual(r);
  });

  it('decodes items written before the compact form', () => {
    const r = instance({ tags: [{ key: 'k', value: 'v' }] });
    const old = { ...keys.containerInstance('prod', ID), type: 'instance', ...r, usedTcpPorts: new Set(r.usedTcpPorts), version: 9 };
    delete (old as Partial<typeof old>).usedUdpPorts;
    expect(decodeInstance(old, ARN)).toEqual(r);
    // One written in another region keeps its own ARN.
    expect(decodeInstance({ ...old, arn: 'arn:aws:ecs:eu-west-1:1:container-instance/prod/x' }, ARN).arn).toBe(
      'arn:aws:ecs:eu-west-1:1:container-instance/prod/x',
    );
  });
});

describe('attributes as one string', () => {
  it('abbreviates the capability namespaces and runs of numbered names', () => {
    const compact = encodeAttributes(HOLLOW_AGENT);
    expect(compact).toContain('~docker-remote-api.1.17*41|!json-file|');
    expect(compact).toContain('^container-health-check');
    expect(decodeAttributes(compact)).toEqual(HOLLOW_AGENT);
  });

  it('round-trips order, gaps, values and look-alikes exactly', () => {
    const attrs = [
      { name: 'a.1' },
      { name: 'a.2' },
      { name: 'a.4' },
      { name: 'a.5', value: 'x' },
      { name: 'a.6' },
      { name: 'b.09' },
      { name: 'b.10' },
      { name: 'x', value: '' },
      { name: 'y', value: 'k=v, (z)' },
      { name: 'ecs.capability.secrets.ssm' },
      { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs', value: 'v' },
      { name: 'docker-remote-api.1.3' },
      { name: 'docker-remote-api.1.2' },
    ];
    expect(storedAttributes(attrs)).toBe(encodeAttributes(attrs));
    expect(decodeAttributes(storedAttributes(attrs))).toEqual(attrs);
  });

  it('stores the list itself when the string could not give the attributes back', () => {
    for (const attrs of [
      [{ name: 'a|b' }],
      [{ name: 'a', value: 'x|y' }],
      [{ name: 'p.1*3' }],
      [{ name: '~x' }],
      [{ name: 'n', value: undefined }],
    ]) {
      const stored = storedAttributes(attrs);
      expect(Array.isArray(stored)).toBe(true);
      expect(decodeAttributes(stored)).toEqual(attrs);
    }
    expect(storedAttributes([])).toBeUndefined();
    expect(decodeAttributes(undefined)).toEqual([]);
  });
});
