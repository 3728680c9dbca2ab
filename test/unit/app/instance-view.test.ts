import { describe, expect, it } from 'vitest';
import { instanceView, placementInstance } from '../../../src/app/container-instances/instance-view.js';
import { DYNAMIC_PORTS_ATTRIBUTE } from '../../../src/protocol/index.js';
import type { ContainerInstanceRecord } from '../../../src/domain/container-instance.js';
import { placeTasks } from '../../../src/scheduler/placement/index.js';

const record = (attributes: { name: string; value?: string }[] = []): ContainerInstanceRecord => ({
  id: 'i1',
  arn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/c/i1',
  clusterName: 'c',
  status: 'ACTIVE',
  attributes,
  versionInfo: { agentVersion: '1.0.0' },
  registeredCpu: 2048,
  registeredMemory: 4096,
  reservedTcpPorts: [22, 2375, 2376, 51678, 51679, 51680, 8080],
  reservedUdpPorts: [],
  remainingCpu: 1024,
  remainingMemory: 1024,
  usedTcpPorts: [49200],
  usedUdpPorts: [],
  runningTasksCount: 1,
  pendingTasksCount: 0,
  taskGroups: { 'family:web': 1 },
  registeredAt: 1_700_000_000_000,
  lastHeartbeatAt: 1_700_000_000_000,
  tags: [],
});

describe('container instance views', () => {
  it('reports registered and remaining resources in ECS form, with connectivity as of now', () => {
    const view = instanceView(record(), 1_700_000_010_000, 30_000);
    expect(view.agentConnected).toBe(true);
    expect(view.registeredResources![0]).toMatchObject({ name: 'CPU', integerValue: 2048 });
    expect(view.remainingResources![1]).toMatchObject({ name: 'MEMORY', integerValue: 1024 });
    expect(view.remainingResources![2].stringSetValue).toContain('49200');
    expect(view.registeredResources![2].stringSetValue).not.toContain('49200');
    expect(instanceView(record(), 1_700_000_031_000, 30_000).agentConnected).toBe(false);
  });

  it('confines dynamic host ports to the instance slice named by berth.dynamic-ports', () => {
    const inst = placementInstance(record([{ name: DYNAMIC_PORTS_ATTRIBUTE, value: '50153-50155' }]), 1_700_000_000_000, 30_000);
    const out = placeTasks(
      {
        count: 4,
        cpu: 10,
        memory: 10,
        group: 'g',
        constraints: [],
        strategy: [],
        ports: [{ containerName: 'a', containerPort: 80, protocol: 'tcp' }],
      },
      [inst],
      { seed: 1 },
    );
    expect(out.placements.map((p) => p.ports[0].hostPort)).toEqual([50153, 50154, 50155]);
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0].reason).toBe('RESOURCE:PORTS');
  });
});
