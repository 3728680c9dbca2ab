import { describe, expect, it } from 'vitest';
import { capacityProviderReservation, instancesFor, type ReservationInput } from '../../../../src/scheduler/capacity/reservation.js';

const base: ReservationInput = {
  groupInstances: 0,
  busyInstances: 0,
  warmingInstances: 0,
  provisioning: [],
  instance: { cpu: 1024, memory: 2048 },
  minimumScalingStepSize: 1,
  maximumScalingStepSize: 10_000,
};
const tasks = (n: number, cpu: number, memory: number) => Array.from({ length: n }, () => ({ cpu, memory }));

describe('CapacityProviderReservation (ECS: M / N × 100)', () => {
  it.each([
    // ECS's cases without tasks waiting: M = instances running a task.
    { name: 'an empty group that needs nothing: 100, nothing to do', r: {}, m: 0, n: 0, value: 100 },
    { name: 'every instance runs a task: 100', r: { groupInstances: 3, busyInstances: 3 }, m: 3, n: 3, value: 100 },
    { name: '2 of 3 instances run tasks: 66.7, scale in', r: { groupInstances: 3, busyInstances: 2 }, m: 2, n: 3, value: (2 / 3) * 100 },
    { name: 'no instance runs a task: 0, scale in to the minimum', r: { groupInstances: 4 }, m: 0, n: 4, value: 0 },
    // Tasks waiting in PROVISIONING: M = N + the instances they need.
    { name: 'N = 0 with a task waiting: 200, scale out from zero', r: { provisioning: tasks(1, 256, 256) }, m: 1, n: 0, value: 200 },
    {
      name: 'full instance, 5 waiting tasks of 512 CPU on 1024-CPU instances: 3 more',
      r: { groupInstances: 1, busyInstances: 1, provisioning: tasks(5, 512, 256) },
      m: 4,
      n: 1,
      value: 400,
    },
    {
      name: 'memory decides when it is the tighter resource',
      r: { groupInstances: 2, busyInstances: 2, provisioning: tasks(4, 128, 1500) },
      m: 6,
      n: 2,
      value: 300,
    },
  ] as { name: string; r: Partial<ReservationInput>; m: number; n: number; value: number }[])('$name', ({ r, m, n, value }) => {
    const out = capacityProviderReservation({ ...base, ...r });
    expect(out).toEqual({ m, n, value });
  });

  it('sizes, not counts: many small waiting tasks need fewer instances than a few big ones', () => {
    const small = capacityProviderReservation({ ...base, groupInstances: 1, busyInstances: 1, provisioning: tasks(8, 128, 128) });
    const big = capacityProviderReservation({ ...base, groupInstances: 1, busyInstances: 1, provisioning: tasks(3, 1024, 512) });
    expect(small.m).toBe(2);
    expect(big.m).toBe(4);
  });

  it('clamps the instances added to the minimum and maximum scaling step sizes', () => {
    const waiting = { groupInstances: 2, busyInstances: 2, provisioning: tasks(1, 256, 256) };
    expect(capacityProviderReservation({ ...base, ...waiting, minimumScalingStepSize: 3 }).m).toBe(5);
    const many = { groupInstances: 2, busyInstances: 2, provisioning: tasks(40, 1024, 256) };
    expect(capacityProviderReservation({ ...base, ...many, maximumScalingStepSize: 10 }).m).toBe(12);
  });

  it('counts instances still warming up as hosting the waiting tasks: one burst is not scaled out twice', () => {
    const burst = { groupInstances: 4, busyInstances: 1, provisioning: tasks(6, 512, 256) };
    expect(capacityProviderReservation({ ...base, ...burst, warmingInstances: 3 })).toEqual({ m: 4, n: 4, value: 100 });
    expect(capacityProviderReservation({ ...base, ...burst, warmingInstances: 1 }).m).toBe(6);
  });

  it('leaves out waiting tasks no instance of the group can ever host', () => {
    expect(instancesFor(tasks(2, 4096, 256), { cpu: 1024, memory: 2048 })).toBe(0);
    expect(capacityProviderReservation({ ...base, groupInstances: 1, busyInstances: 1, provisioning: tasks(2, 4096, 256) }).value).toBe(
      100,
    );
  });

  it('takes the largest group of identical tasks (ECS: a lower bound, the next round adds the rest)', () => {
    expect(instancesFor([...tasks(4, 512, 256), ...tasks(2, 1024, 256)], { cpu: 1024, memory: 4096 })).toBe(2);
  });

  it('without a known instance size, one instance per waiting task', () => {
    expect(instancesFor(tasks(3, 256, 256), undefined)).toBe(3);
  });
});
