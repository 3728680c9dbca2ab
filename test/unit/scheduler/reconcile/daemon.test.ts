import { describe, expect, it } from 'vitest';
import { planService } from '../../../../src/scheduler/reconcile/reconcile-service.js';
import { deployment, ids, instance, reconcile, service, T0, T0S, task, TD2, TDS, withTasks, zonal, ZONES } from './harness.js';

/** DAEMON services: one task on every ACTIVE instance that satisfies the service's constraints. */
const daemon = (overrides: Parameters<typeof service>[0] = {}) =>
  service({
    schedulingStrategy: 'DAEMON',
    desiredCount: 0,
    deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 0 },
    ...overrides,
  });

describe('a DAEMON service', () => {
  it('places one task on each ACTIVE instance that satisfies its constraints, and derives its desired count', () => {
    const instances = [
      ...zonal(3),
      instance('i4', ZONES[0], { status: 'DRAINING' }),
      instance('i5', ZONES[1], { attributes: { 'ecs.availability-zone': ZONES[1]!, role: 'edge' } }),
    ];
    const plan = reconcile({
      service: daemon({ placementConstraints: [{ type: 'memberOf', expression: 'attribute:role !exists' }] }),
      instances,
    });
    expect(plan.place.map((p) => p.placement.instanceId).sort()).toEqual(['i1', 'i2', 'i3']);
    expect(plan.service.desiredCount).toBe(3);
  });

  it('gives a new instance its task and leaves the others alone', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2')];
    const plan = reconcile({ service: daemon({ desiredCount: 2 }), tasks, instances: zonal(3) });
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i3']);
    expect(plan.stop).toEqual([]);
    expect(plan.service.desiredCount).toBe(3);
  });

  it('is steady with one running task per instance', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const plan = reconcile({ service: daemon({ desiredCount: 3 }), tasks, instances: zonal(3) });
    expect(plan.place).toEqual([]);
    expect(plan.stop).toEqual([]);
    expect(plan.steady).toBe(true);
  });

  it('on a draining instance, stops its task last: only once the instance runs nothing else', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2')];
    // The harness counts the service's own tasks on each instance; two other tasks still run on i2.
    const busy = [instance('i1'), instance('i2', ZONES[1], { status: 'DRAINING' })];
    const others = [task('x1', 'i2', { deploymentId: 'elsewhere' }), task('x2', 'i2', { deploymentId: 'elsewhere' })];
    const waiting = planService({
      ...ids(),
      service: daemon({ desiredCount: 2 }),
      tasks,
      instances: withTasks(busy, [...tasks, ...others]),
      lostInstanceIds: new Set(),
      taskDefinitions: TDS,
      now: T0,
      seed: 1,
    }).plan;
    expect(waiting.stop).toEqual([]);
    expect(waiting.place).toEqual([]);
    expect(waiting.service.desiredCount).toBe(1);

    const alone = [instance('i1'), instance('i2', ZONES[1], { status: 'DRAINING' })];
    const plan = reconcile({ service: daemon({ desiredCount: 1 }), tasks, instances: alone });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t2']);
  });

  it('stops a second task on one instance', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i1'), task('t3', 'i2')];
    const plan = reconcile({ service: daemon(), tasks, instances: zonal(2) });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t2']);
  });

  it('rolls a new revision instance by instance: stops old tasks within minimumHealthyPercent, starts where one has stopped', () => {
    const svc = daemon({
      desiredCount: 4,
      taskDefinition: TD2,
      deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 50 },
      deployments: [
        deployment('ecs-svc/2', { taskDefinition: TD2, desiredCount: 4, rolloutState: 'IN_PROGRESS', createdAt: T0S - 10 }),
        deployment('ecs-svc/1', { status: 'ACTIVE', desiredCount: 4, runningCount: 4 }),
      ],
    });
    const old = [task('o1', 'i1'), task('o2', 'i2'), task('o3', 'i3'), task('o4', 'i4')];
    const first = reconcile({ service: svc, tasks: old, instances: zonal(4) });
    // Half may be down at once; nothing starts until an old task is gone from its instance.
    expect(first.stop).toHaveLength(2);
    expect(first.place).toEqual([]);

    const stoppedIds = new Set(first.stop.map((s) => s.taskId));
    const after = old.map((t) =>
      stoppedIds.has(t.taskId) ? { ...t, lastStatus: 'STOPPED' as const, desiredStatus: 'STOPPED' as const } : t,
    );
    const second = reconcile({ service: svc, tasks: after, instances: zonal(4) });
    const freed = old.filter((t) => stoppedIds.has(t.taskId)).map((t) => t.containerInstanceId);
    expect(second.place.map((p) => p.placement.instanceId).sort()).toEqual(freed.sort());
    expect(second.place.every((p) => p.deploymentId === 'ecs-svc/2')).toBe(true);
  });

  it('keeps no task on an instance that no longer satisfies its constraints', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2')];
    const instances = [instance('i1'), instance('i2', ZONES[1], { attributes: { 'ecs.availability-zone': ZONES[1]!, role: 'edge' } })];
    const plan = reconcile({
      service: daemon({ desiredCount: 2, placementConstraints: [{ type: 'memberOf', expression: 'attribute:role !exists' }] }),
      tasks,
      instances,
    });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t2']);
    expect(plan.service.desiredCount).toBe(1);
  });
});
