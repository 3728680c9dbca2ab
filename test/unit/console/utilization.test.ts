import { describe, expect, it } from 'vitest';
import { clusterUtilization, instanceUtilization } from '../../../console/src/model/utilization.js';
import { instanceView } from '../../../src/app/container-instances/instance-view.js';
import { instanceRecord } from '../../support/records.js';

const record = (registeredCpu: number, remainingCpu: number, registeredMemory: number, remainingMemory: number) =>
  instanceRecord('c', 'i1', {
    registeredCpu,
    remainingCpu,
    registeredMemory,
    remainingMemory,
    versionInfo: { agentVersion: '1.0.0' },
    reservedTcpPorts: [22],
  });
// The shape DescribeContainerInstances really returns (the control plane's own view).
const described = (...args: Parameters<typeof record>) => instanceView(record(...args), 0, 30_000);

describe('instance utilization', () => {
  it('is registered minus remaining, per resource, as a rounded percent', () => {
    expect(instanceUtilization(described(2048, 1536, 4000, 1000))).toEqual({
      cpu: { registered: 2048, remaining: 1536, used: 512, percent: 25 },
      memory: { registered: 4000, remaining: 1000, used: 3000, percent: 75 },
    });
  });

  it('is 0 % of nothing for an instance that registered no resources, and never negative', () => {
    expect(instanceUtilization({}).cpu).toEqual({ registered: 0, remaining: 0, used: 0, percent: 0 });
    // remaining above registered (a report racing a registration) reads as idle, not as negative use.
    expect(instanceUtilization(described(1024, 2048, 512, 512)).cpu).toEqual({ registered: 1024, remaining: 1024, used: 0, percent: 0 });
  });

  it('adds up over a cluster', () => {
    const total = clusterUtilization([described(2048, 1024, 1000, 1000), described(2048, 2048, 3000, 0)]);
    expect(total.cpu).toEqual({ registered: 4096, remaining: 3072, used: 1024, percent: 25 });
    expect(total.memory).toEqual({ registered: 4000, remaining: 1000, used: 3000, percent: 75 });
    expect(clusterUtilization([]).cpu.percent).toBe(0);
  });
});
