import { describe, expect, it } from 'vitest';
import { deployment, instance, reconcile, service, task } from './harness.js';

const strategy = [{ capacityProvider: 'cp', weight: 1, base: 0 }];
const onProvider = (id: string, zone?: string) =>
  instance(id, zone, { remainingCpu: 512, remainingMemory: 1024, capacityProviderName: 'cp' });
const cpService = (desiredCount: number) =>
  service({ desiredCount, deployments: [deployment('ecs-svc/1', { desiredCount, capacityProviderStrategy: strategy })] });

describe('services on a capacity provider', () => {
  it("place what fits on the provider's instances and let the rest wait in PROVISIONING, counted as pending", () => {
    const plan = reconcile({
      service: cpService(5),
      instances: [onProvider('a'), instance('plain')],
      capacityProviders: { cp: { canGrow: true, instanceCpu: 512, instanceMemory: 1024 } },
      provisioningRoom: 100,
    });
    expect(plan.place.map((p) => [p.placement.instanceId, p.capacityProvider])).toEqual([
      ['a', 'cp'],
      ['a', 'cp'],
    ]);
    expect(plan.provision.map((p) => p.capacityProvider)).toEqual(['cp', 'cp', 'cp']);
    expect(plan.service.pendingCount).toBe(5);
    expect(plan.unplaced.count).toBe(0);
    expect(plan.service.events[0]!.message).toMatch(/^\(service web\) has started 5 tasks:/);
    expect(plan.steady).toBe(false);
  });

  it('do not start more while tasks wait in PROVISIONING', () => {
    const waiting = ['w1', 'w2', 'w3'].map((id) =>
      task(id, undefined as unknown as string, {
        lastStatus: 'PROVISIONING',
        containerInstanceId: undefined,
        capacityProviderName: 'cp',
        startedAt: undefined,
      }),
    );
    const plan = reconcile({
      service: cpService(3),
      tasks: waiting,
      instances: [onProvider('a')],
      capacityProviders: { cp: { canGrow: true } },
      provisioningRoom: 97,
    });
    expect(plan.place).toEqual([]);
    expect(plan.provision).toEqual([]);
    expect(plan.service.pendingCount).toBe(3);
  });

  it('stop waiting tasks first when scaled in', () => {
    const tasks = [
      task('r1', 'a', { capacityProviderName: 'cp' }),
      task('w1', undefined as unknown as string, {
        lastStatus: 'PROVISIONING',
        containerInstanceId: undefined,
        capacityProviderName: 'cp',
      }),
    ];
    const plan = reconcile({ service: cpService(1), tasks, instances: [onProvider('a')], capacityProviders: { cp: { canGrow: true } } });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['w1']);
  });

  it('report a task as unplaced when the provider cannot grow', () => {
    const plan = reconcile({
      service: cpService(3),
      instances: [onProvider('a')],
      capacityProviders: { cp: { canGrow: false } },
      provisioningRoom: 100,
    });
    expect(plan.place).toHaveLength(2);
    expect(plan.provision).toEqual([]);
    expect(plan.unplaced.count).toBe(1);
  });
});
