import { describe, expect, it } from 'vitest';
import { deployment, reconcile, service, T0, T0S, task, TD2, zonal } from './harness.js';

/** Task scale-in protection (UpdateTaskProtection): scale-in and deployments never pick a protected task. */
const HOUR = 3600_000;

describe('task scale-in protection', () => {
  it('scale-in stops only unprotected tasks, and comes back when the protection ends', () => {
    const tasks = [task('t1', 'i1', { protectedUntil: T0 + HOUR }), task('t2', 'i2'), task('t3', 'i3', { protectedUntil: T0 + 2 * HOUR })];
    const plan = reconcile({ service: service({ desiredCount: 1 }), tasks });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t2']);
    // Two protected tasks stay although one is over the desired count: revisit when the first protection ends.
    expect(plan.revisitAt).toBe(T0 + HOUR);
    expect(plan.steady).toBe(false);
  });

  it('an expired protection protects nothing', () => {
    const tasks = [task('t1', 'i1', { protectedUntil: T0 - 1 }), task('t2', 'i2', { protectedUntil: T0 })];
    const plan = reconcile({ service: service({ desiredCount: 0 }), tasks });
    expect(plan.stop.map((s) => s.taskId).sort()).toEqual(['t1', 't2']);
  });

  it('a deployment starts its tasks but waits for the protected old ones', () => {
    const svc = service({
      desiredCount: 2,
      taskDefinition: TD2,
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50 },
      deployments: [
        deployment('ecs-svc/2', { taskDefinition: TD2, desiredCount: 2, rolloutState: 'IN_PROGRESS', createdAt: T0S - 10 }),
        deployment('ecs-svc/1', { status: 'ACTIVE', desiredCount: 2, runningCount: 2 }),
      ],
    });
    const old = [task('old1', 'i1', { protectedUntil: T0 + HOUR }), task('old2', 'i2')];
    const plan = reconcile({ service: svc, tasks: old, instances: zonal(3) });
    expect(plan.place).toHaveLength(2);
    expect(plan.stop.map((s) => s.taskId)).toEqual(['old2']);
    expect(plan.revisitAt).toBe(T0 + HOUR);

    // The new tasks are healthy; old1 is still protected: the deployment stays IN_PROGRESS with two deployments.
    const newTasks = [task('n1', 'i2', { deploymentId: 'ecs-svc/2' }), task('n2', 'i3', { deploymentId: 'ecs-svc/2' })];
    const later = reconcile({ service: svc, tasks: [old[0]!, ...newTasks], instances: zonal(3) });
    expect(later.stop).toEqual([]);
    expect(later.service.deployments.map((d) => d.id)).toEqual(['ecs-svc/2', 'ecs-svc/1']);
    expect(later.service.deployments[0]!.rolloutState).toBe('IN_PROGRESS');

    // Protection over: the old task goes.
    const after = reconcile({ service: svc, tasks: [old[0]!, ...newTasks], instances: zonal(3), now: T0 + HOUR });
    expect(after.stop.map((s) => s.taskId)).toEqual(['old1']);
  });

  it('protection does not keep the tasks of a deleted service', () => {
    const svc = service({ desiredCount: 1, status: 'DRAINING' });
    const plan = reconcile({ service: svc, tasks: [task('t1', 'i1', { protectedUntil: T0 + HOUR })] });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t1']);
  });
});
