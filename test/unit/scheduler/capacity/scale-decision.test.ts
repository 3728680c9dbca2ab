import { describe, expect, it } from 'vitest';
import {
  nonDaemonTasks,
  instancesToProtect,
  scaleIn,
  scaleInCandidates,
  scaleOut,
  type GroupInstance,
  type ScaleInput,
} from '../../../../src/scheduler/capacity/scale-decision.js';

const input = (m: number, n: number, over: Partial<ScaleInput> = {}): ScaleInput => ({
  reservation: { m, n, value: n ? (m / n) * 100 : m ? 200 : 100 },
  targetCapacity: 100,
  minimumScalingStepSize: 1,
  maximumScalingStepSize: 10_000,
  group: { desired: n, min: 1, max: 10 },
  warming: 0,
  ...over,
});

describe('scale-cluster decisions (target tracking on CapacityProviderReservation)', () => {
  it.each([
    { name: 'to what is needed at target 100', i: input(5, 1), want: { action: 'scale-out', desired: 5 } },
    { name: 'spare capacity at target 50', i: input(3, 2, { targetCapacity: 50 }), want: { action: 'scale-out', desired: 6 } },
    { name: 'at least the minimum step', i: input(2, 1, { minimumScalingStepSize: 3 }), want: { action: 'scale-out', desired: 4 } },
    { name: 'at most the maximum step', i: input(9, 1, { maximumScalingStepSize: 2 }), want: { action: 'scale-out', desired: 3 } },
    { name: 'never past the group maximum', i: input(30, 2), want: { action: 'scale-out', desired: 10 } },
    { name: 'from zero', i: input(1, 0, { group: { desired: 0, min: 0, max: 5 } }), want: { action: 'scale-out', desired: 1 } },
  ])('scales out $name', ({ i, want }) => expect(scaleOut(i)).toEqual(want));

  it('does not scale out when the desired capacity already covers the need, or the group is at its maximum', () => {
    expect(scaleOut(input(3, 2, { group: { desired: 3, min: 1, max: 10 } })).action).toBe('none');
    expect(scaleOut(input(12, 10)).action).toBe('none');
  });

  it.each([
    { name: 'to what is needed', i: input(2, 5), want: { action: 'scale-in', remove: 3, desired: 2 } },
    {
      name: 'never below the group minimum',
      i: input(0, 5, { group: { desired: 5, min: 2, max: 10 } }),
      want: { action: 'scale-in', remove: 3, desired: 2 },
    },
    {
      name: 'keeping spare capacity at target 50',
      i: input(2, 6, { targetCapacity: 50 }),
      want: { action: 'scale-in', remove: 2, desired: 4 },
    },
  ])('scales in $name', ({ i, want }) => expect(scaleIn(i)).toEqual(want));

  it('does not scale in while instances warm up, or when nothing is spare', () => {
    expect(scaleIn(input(1, 3, { warming: 1 }))).toMatchObject({ action: 'none', reason: expect.stringMatching(/warming/) });
    expect(scaleIn(input(3, 3)).action).toBe('none');
  });
});

const inst = (id: string, zone: string, busy: boolean, extra: Partial<GroupInstance> = {}): GroupInstance => ({
  instanceId: id,
  zone,
  busy,
  warming: false,
  protectedFromScaleIn: false,
  inService: true,
  registeredAt: Number(id.replace(/\D/g, '')),
  ...extra,
});

describe('which instances scale-in may remove', () => {
  const group = [
    inst('i-1', 'a', true),
    inst('i-2', 'a', false),
    inst('i-3', 'a', false),
    inst('i-4', 'b', false),
    inst('i-5', 'b', false, { warming: true }),
    inst('i-6', 'c', true),
  ];

  it('only idle instances that finished warming up, busiest zone first, oldest first', () => {
    expect(scaleInCandidates(group, 1).map((i) => i.instanceId)).toEqual(['i-2']);
    expect(scaleInCandidates(group, 2).map((i) => i.instanceId)).toEqual(['i-2', 'i-3']);
    expect(scaleInCandidates(group, 9).map((i) => i.instanceId)).toEqual(['i-2', 'i-3', 'i-4']);
  });

  it('never an instance with a task, however many are asked for', () => {
    expect(scaleInCandidates(group, 100).some((i) => i.busy)).toBe(false);
    expect(scaleInCandidates([inst('i-1', 'a', true)], 1)).toEqual([]);
  });

  it('protects every InService instance not protected yet, busy or idle, and unprotects none', () => {
    const now = [
      inst('i-1', 'a', true),
      inst('i-2', 'a', false, { protectedFromScaleIn: true }),
      inst('i-3', 'a', false, { warming: true }),
      inst('i-4', 'a', true, { protectedFromScaleIn: true }),
      inst('i-5', 'b', false),
      // Still Pending: it gets the group's setting when it comes into service.
      inst('i-6', 'b', false, { warming: true, inService: false }),
    ];
    expect(instancesToProtect(now)).toEqual(['i-1', 'i-3', 'i-5']);
    expect(instancesToProtect(now.filter((i) => i.protectedFromScaleIn))).toEqual([]);
  });
});

describe('nonDaemonTasks: what keeps an instance from managed scale-in', () => {
  const instance = {
    runningTasksCount: 3,
    pendingTasksCount: 1,
    taskGroups: { 'service:collector': 1, 'service:web': 2, 'family:job': 1 },
  };
  it("counts every task but the DAEMON services' ones", () => {
    expect(nonDaemonTasks(instance, [])).toBe(4);
    expect(nonDaemonTasks(instance, ['service:collector'])).toBe(3);
    expect(nonDaemonTasks({ ...instance, runningTasksCount: 0, pendingTasksCount: 1 }, ['service:collector', 'service:other'])).toBe(0);
  });
});
