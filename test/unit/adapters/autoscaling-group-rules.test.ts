import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../../../src/adapters/local/autoscaling/group-record.js';
import {
  checkBounds,
  checkZones,
  chooseForScaleIn,
  instanceSpec,
  launchBackoffMs,
  launchZone,
  newInstanceId,
} from '../../../src/adapters/local/autoscaling/group-rules.js';

const inst = (id: string, zone: string, launchedAt: number, extra: Partial<InstanceRecord> = {}): InstanceRecord => ({
  instanceId: id,
  zone,
  lifecycleState: 'InService',
  healthStatus: 'Healthy',
  protectedFromScaleIn: false,
  launchedAt,
  cpu: 1024,
  memory: 1024,
  cluster: 'default',
  dynamicPorts: '57153-57552',
  launchActivityId: 'a',
  ...extra,
});
const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ids = (list: InstanceRecord[]) => list.map((i) => i.instanceId);

describe('local Auto Scaling rules', () => {
  it('check bounds with Auto Scaling messages', () => {
    expect(() => checkBounds(3, 1, 3)).toThrow('Max bound, 1, must be greater than or equal to min bound, 3');
    expect(() => checkBounds(1, 3, 5)).toThrow('Desired capacity:5 must be between the specified min size:1 and max size:3');
    expect(() => checkBounds(1, 3, 2)).not.toThrow();
  });

  it('read instance size and cluster from tags, refusing unusable values', () => {
    expect(instanceSpec([])).toEqual({ cpu: 1024, memory: 2048, cluster: 'default' });
    const tags = [
      { Key: 'berth:instance-cpu', Value: '512', PropagateAtLaunch: false },
      { Key: 'berth:instance-memory', Value: '768', PropagateAtLaunch: false },
      { Key: 'berth:cluster', Value: 'web', PropagateAtLaunch: true },
    ];
    expect(instanceSpec(tags)).toEqual({ cpu: 512, memory: 768, cluster: 'web' });
    expect(() => instanceSpec([{ Key: 'berth:instance-cpu', Value: 'lots', PropagateAtLaunch: false }])).toThrow(
      /berth:instance-cpu must be a whole number/,
    );
    expect(() => instanceSpec([{ Key: 'berth:instance-memory', Value: '0', PropagateAtLaunch: false }])).toThrow(/berth:instance-memory/);
    expect(() => instanceSpec([{ Key: 'berth:cluster', Value: 'no spaces', PropagateAtLaunch: false }])).toThrow(/berth:cluster/);
  });

  it('accept zones of the region only', () => {
    expect(checkZones(['us-east-1a', 'us-east-1a', 'us-east-1b'], 'us-east-1')).toEqual(['us-east-1a', 'us-east-1b']);
    expect(() => checkZones([], 'us-east-1')).toThrow('At least one Availability Zone or VPC Subnet is required.');
    expect(() => checkZones(['eu-west-1a'], 'us-east-1')).toThrow(/not valid in us-east-1/);
  });

  it('launch into the zone with the fewest live instances, in the order the group lists its zones', () => {
    const g = { availabilityZones: zones, instances: [inst('i-1', 'us-east-1a', 1), inst('i-2', 'us-east-1b', 2)] };
    expect(launchZone(g)).toBe('us-east-1c');
    expect(launchZone(g, ['us-east-1c'])).toBe('us-east-1a');
    const terminating = { ...g, instances: [...g.instances, inst('i-3', 'us-east-1c', 3, { lifecycleState: 'Terminating' })] };
    expect(launchZone(terminating)).toBe('us-east-1c');
  });

  it('scale in from the busiest zone, oldest first, never a protected or terminating instance', () => {
    const instances = [
      inst('i-a1', 'us-east-1a', 1),
      inst('i-a2', 'us-east-1a', 5),
      inst('i-a3', 'us-east-1a', 9, { protectedFromScaleIn: true }),
      inst('i-b1', 'us-east-1b', 2),
      inst('i-c1', 'us-east-1c', 3, { lifecycleState: 'Terminating' }),
    ];
    const g = { availabilityZones: zones, instances, terminationPolicies: ['Default'] };
    expect(ids(chooseForScaleIn(g, 1))).toEqual(['i-a1']);
    expect(ids(chooseForScaleIn(g, 2))).toEqual(['i-a1', 'i-a2']);
    expect(ids(chooseForScaleIn(g, 10))).toEqual(['i-a1', 'i-a2', 'i-b1']);
    expect(ids(chooseForScaleIn({ ...g, terminationPolicies: ['NewestInstance'] }, 1))).toEqual(['i-a2']);
    expect(ids(chooseForScaleIn({ ...g, terminationPolicies: ['OldestInstance'] }, 2))).toEqual(['i-a1', 'i-b1']);
  });

  it('scale in instances outside the group zones first', () => {
    const g = {
      availabilityZones: ['us-east-1a'],
      instances: [inst('i-a1', 'us-east-1a', 1), inst('i-x', 'us-east-1b', 9)],
      terminationPolicies: ['Default'],
    };
    expect(ids(chooseForScaleIn(g, 1))).toEqual(['i-x']);
  });

  it('name instances as EC2 does and back off failed launches up to 5 minutes', () => {
    expect(newInstanceId()).toMatch(/^i-[0-9a-f]{17}$/);
    expect([0, 1, 2, 3, 10].map(launchBackoffMs)).toEqual([0, 5000, 10_000, 20_000, 300_000]);
  });
});
