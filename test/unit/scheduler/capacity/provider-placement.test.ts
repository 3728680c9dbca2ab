import { describe, expect, it } from 'vitest';
import {
  placeWithProviders,
  NO_PROVIDER_INSTANCES,
  type ProviderPlacementInput,
} from '../../../../src/scheduler/capacity/provider-placement.js';
import { placeWaiting } from '../../../../src/scheduler/capacity/provisioning.js';
import { instance, request } from '../fixtures.js';

const small = (id: string, capacityProviderName?: string) =>
  instance(id, { remainingCpu: 512, remainingMemory: 1024, ...(capacityProviderName ? { capacityProviderName } : {}) });
const grow = { canGrow: true, instanceCpu: 512, instanceMemory: 1024 };

const place = (over: Partial<ProviderPlacementInput>) =>
  placeWithProviders({
    request: request({ count: 4, cpu: 256, memory: 256 }),
    instances: [],
    providers: {},
    provisioningRoom: 100,
    seed: 7,
    defaultStrategy: [{ type: 'random' }],
    ...over,
  });

describe('placement through a capacity provider strategy', () => {
  it("places each share on its own provider's instances only, and what does not fit waits in PROVISIONING", () => {
    const out = place({
      strategy: [{ capacityProvider: 'cp', weight: 1, base: 0 }],
      instances: [small('a', 'cp'), small('b')],
      providers: { cp: grow },
    });
    expect(out.placed.map((p) => [p.placement.instanceId, p.capacityProvider])).toEqual([
      ['a', 'cp'],
      ['a', 'cp'],
    ]);
    expect(out.provision).toEqual([{ capacityProvider: 'cp' }, { capacityProvider: 'cp' }]);
    expect(out.failures).toEqual([]);
    expect(out.instances.find((i) => i.id === 'a')!.remainingCpu).toBe(0);
  });

  it('fails what does not fit when the provider cannot grow (managed scaling off), as ECS does', () => {
    const out = place({
      strategy: [{ capacityProvider: 'cp', weight: 1, base: 0 }],
      instances: [small('a', 'cp')],
      providers: { cp: { ...grow, canGrow: false } },
    });
    expect(out.placed).toHaveLength(2);
    expect(out.provision).toEqual([]);
    expect(out.failures.map((f) => f.reason)).toEqual(['RESOURCE:CPU', 'RESOURCE:CPU']);
  });

  it('says "No Container Instances were found in your capacity provider." when it has none and cannot grow', () => {
    const out = place({ strategy: [{ capacityProvider: 'cp', weight: 1, base: 0 }], providers: { cp: { canGrow: false } } });
    expect(out.failures).toHaveLength(4);
    expect(out.failures[0]).toEqual({ arn: '', reason: 'RESOURCE:CPU', detail: NO_PROVIDER_INSTANCES });
    expect(out.closest?.message).toBe(NO_PROVIDER_INSTANCES);
  });

  it('never lets a task wait for a group whose instances are too small for it', () => {
    const out = place({
      request: request({ count: 1, cpu: 1024, memory: 256 }),
      strategy: [{ capacityProvider: 'cp', weight: 1, base: 0 }],
      providers: { cp: grow },
    });
    expect(out.provision).toEqual([]);
    expect(out.failures).toHaveLength(1);
  });

  it("keeps within the cluster's room in PROVISIONING (ECS: 100 tasks)", () => {
    const out = place({ strategy: [{ capacityProvider: 'cp', weight: 1, base: 0 }], providers: { cp: grow }, provisioningRoom: 3 });
    expect(out.provision).toHaveLength(3);
    expect(out.failures).toHaveLength(1);
  });

  it('splits by base and weight across providers', () => {
    const out = place({
      request: request({ count: 5, cpu: 128, memory: 128 }),
      strategy: [
        { capacityProvider: 'on-demand', weight: 1, base: 2 },
        { capacityProvider: 'spot', weight: 2, base: 0 },
      ],
      instances: [small('a', 'on-demand'), small('b', 'spot')],
      providers: { 'on-demand': grow, spot: grow },
    });
    const by = (cp: string) => out.placed.filter((p) => p.capacityProvider === cp).length;
    expect([by('on-demand'), by('spot')]).toEqual([3, 2]);
  });

  it('without a strategy (the EC2 launch type) uses any instance and never provisions', () => {
    const out = place({ instances: [small('a', 'cp'), small('b')], providers: { cp: grow } });
    expect(out.placed).toHaveLength(4);
    expect(out.placed.every((p) => p.capacityProvider === undefined)).toBe(true);
    expect(out.provision).toEqual([]);
  });
});

describe('placing tasks waiting in PROVISIONING', () => {
  const waiting = (id: string, cp = 'cp') => ({ taskId: id, capacityProvider: cp, request: request({ cpu: 256, memory: 256 }) });

  it("places the oldest first, on their own provider's instances, never overcommitting one", () => {
    const placed = placeWaiting([waiting('t1'), waiting('t2'), waiting('t3'), waiting('t4', 'other')], [small('a', 'cp'), small('b')], 3);
    expect(placed.map((p) => [p.taskId, p.placement.instanceId])).toEqual([
      ['t1', 'a'],
      ['t2', 'a'],
    ]);
  });
});
