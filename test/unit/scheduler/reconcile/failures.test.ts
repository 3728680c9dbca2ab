import { describe, expect, it } from 'vitest';
import type { ServiceRecord } from '../../../../src/domain/service.js';
import {
  backoffDelayMs,
  breakerThreshold,
  deploymentSettings,
  recordFailures,
  type CircuitBreaker,
} from '../../../../src/scheduler/reconcile/index.js';
import { deployment, reconcile, rollingOut, service, Sim, T0, T0S, task, TD1, TD2, zonal, type Behavior } from './harness.js';

const failTd2: Behavior = (_t, td) => (td === TD2 ? 'fail' : 'run');
const UNABLE = '(service web) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section.';

function deploying(breaker: { enable: boolean; rollback: boolean } | undefined, desired = 3): ServiceRecord {
  return rollingOut(
    { maximumPercent: 200, minimumHealthyPercent: 100, ...(breaker ? { deploymentCircuitBreaker: breaker } : {}) },
    desired,
  );
}
const oldTasks = (n: number) => Array.from({ length: n }, (_, i) => task(`old${i + 1}`, `i${(i % 3) + 1}`));

describe('deployment circuit breaker', () => {
  it('fails the deployment after the threshold and rolls back to the last completed one', () => {
    const sim = new Sim({ service: deploying({ enable: true, rollback: true }), tasks: oldTasks(3), instances: zonal(3) });
    sim.behavior = failTd2;
    sim.step(); // starts 3 TD2 tasks, which fail
    const tripped = sim.step();
    const [rollback, failed] = tripped.service.deployments;
    expect(rollback).toMatchObject({
      id: 'ecs-svc/r1',
      status: 'PRIMARY',
      taskDefinition: TD1,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.',
    });
    // The failed deployment has no task left, so it is gone already; the old one stays until replaced.
    expect(failed).toMatchObject({ id: 'ecs-svc/1', status: 'ACTIVE' });
    expect(tripped.service.taskDefinition).toBe(TD1);
    expect(tripped.place.every((p) => p.deploymentId === 'ecs-svc/r1' && p.taskDefinition === TD1)).toBe(true);
    const events = sim.eventMessages();
    expect(events).toContain('(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start.');
    expect(events).toContain('(service web) rolling back to deployment ecs-svc/1.');
    expect(events.indexOf('(service web) rolling back to deployment ecs-svc/1.')).toBeLessThan(
      events.indexOf('(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start.'),
    );

    sim.runUntilQuiet();
    expect(sim.service.deployments).toHaveLength(1);
    expect(sim.service.deployments[0]).toMatchObject({ id: 'ecs-svc/r1', rolloutState: 'COMPLETED', runningCount: 3 });
    expect(sim.plans.at(-1)!.steady).toBe(true);
  });

  it('keeps the failed deployment listed as FAILED while it still has tasks', () => {
    const svc = deploying({ enable: true, rollback: true });
    svc.deployments[0]!.failedTasks = 2;
    const tasks = [
      ...oldTasks(3),
      task('bad1', 'i1', {
        deploymentId: 'ecs-svc/2',
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedAt: T0S - 5,
      }),
      task('bad2', 'i2', { deploymentId: 'ecs-svc/2' }),
    ];
    const plan = reconcile({ service: svc, tasks });
    expect(plan.service.deployments.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      ['ecs-svc/r1', 'PRIMARY', 'IN_PROGRESS'],
      ['ecs-svc/2', 'ACTIVE', 'FAILED'],
      ['ecs-svc/1', 'ACTIVE', 'COMPLETED'],
    ]);
    expect(plan.service.deployments[1]).toMatchObject({ failedTasks: 3, runningCount: 1, desiredCount: 1 });
    // 4 live of a cap of 6: two rollback tasks now; one healthy retiring task may go (4 healthy, 3 needed).
    expect(plan.place.map((p) => p.taskDefinition)).toEqual([TD1, TD1]);
    expect(plan.stop).toHaveLength(1);
  });

  it('without rollback stops launching and leaves the old tasks alone', () => {
    const sim = new Sim({ service: deploying({ enable: true, rollback: false }), tasks: oldTasks(3), instances: zonal(3) });
    sim.behavior = failTd2;
    sim.step();
    sim.step();
    sim.step();
    expect(sim.service.deployments[0]).toMatchObject({
      id: 'ecs-svc/2',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
    });
    expect(sim.plans.slice(1).every((p) => p.place.length === 0 && p.stop.length === 0 && !p.steady)).toBe(true);
    expect(
      sim
        .live()
        .map((t) => t.taskId)
        .sort(),
    ).toEqual(['old1', 'old2', 'old3']);
    expect(sim.eventMessages().filter((m) => m.includes('deployment failed'))).toHaveLength(1);
  });

  it('retries failed tasks at once while watching (no backoff)', () => {
    const svc = deploying({ enable: true, rollback: false }, 10);
    const sim = new Sim({ service: svc, tasks: oldTasks(10), instances: zonal(3) });
    sim.behavior = failTd2;
    sim.step(); // 10 placed, all fail: threshold for 10 is 5
    const second = sim.step();
    expect(second.service.deployments[0]!.rolloutState).toBe('FAILED');
    expect(second.place).toEqual([]);
  });

  it('a first deployment with nothing to roll back to just fails', () => {
    const svc = service({
      desiredCount: 3,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
      deployments: [deployment('ecs-svc/1', { taskDefinition: TD2, rolloutState: 'IN_PROGRESS', rolloutStateReason: 'in progress' })],
    });
    const sim = new Sim({ service: svc, instances: zonal(3) });
    sim.behavior = failTd2;
    sim.step();
    sim.step();
    expect(sim.service.deployments.map((d) => [d.id, d.rolloutState])).toEqual([['ecs-svc/1', 'FAILED']]);
    expect(sim.eventMessages()).not.toContain('(service web) rolling back to deployment ecs-svc/1.');
  });

  const thresholds: [string, Partial<CircuitBreaker>, number, number][] = [
    ['bounded, small service', {}, 1, 3],
    ['bounded, 10 tasks', {}, 10, 5],
    ['bounded, 11 tasks', {}, 11, 6],
    ['bounded, huge service', {}, 1000, 200],
    ['unbounded', { thresholdType: 'UNBOUNDED_PERCENT' }, 1000, 500],
    ['unbounded, one task', { thresholdType: 'UNBOUNDED_PERCENT' }, 1, 1],
    ['count', { thresholdType: 'COUNT', thresholdValue: 7 }, 1000, 7],
  ];
  it.each(thresholds)('threshold: %s', (_name, breaker, desired, expected) => {
    const base = deploymentSettings(service()).breaker;
    expect(breakerThreshold(desired, { ...base, ...breaker })).toBe(expected);
  });
});

describe('failed tasks and the retry backoff', () => {
  const settings = deploymentSettings(service());
  const failedTask = (
    id: string,
    stoppedAt: number,
    stopCode: 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' = 'TaskFailedToStart',
  ) => task(id, 'i1', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode, stoppedAt });

  it('counts each failure once, whatever the view shows again', () => {
    const d0 = deployment('ecs-svc/1');
    const first = recordFailures(
      d0,
      [failedTask('f1', T0S - 10), failedTask('f2', T0S - 5), failedTask('u1', T0S - 5, 'UserInitiated')],
      settings,
      T0,
    );
    expect(first.newFailures).toBe(2);
    expect(first.deployment).toMatchObject({
      failedTasks: 2,
      consecutiveFailures: 2,
      lastFailureAt: T0S - 5,
      countedFailureTaskIds: ['f2', 'f1'],
    });
    const again = recordFailures(
      first.deployment,
      [failedTask('f2', T0S - 5), failedTask('f3', T0S - 1, 'EssentialContainerExited')],
      settings,
      T0,
    );
    expect(again.newFailures).toBe(1);
    expect(again.deployment).toMatchObject({ failedTasks: 3, consecutiveFailures: 3, lastFailureAt: T0S - 1 });
    expect(recordFailures(again.deployment, [failedTask('f3', T0S - 1)], settings, T0).deployment).toBe(again.deployment);
  });

  it('resets the consecutive count once a task started after the last failure proves healthy', () => {
    const d0 = deployment('ecs-svc/1', { consecutiveFailures: 4, lastFailureAt: T0S - 120 });
    const young = task('ok', 'i1', { startedAt: T0S - 10 });
    expect(recordFailures(d0, [young], settings, T0).deployment.consecutiveFailures).toBe(4);
    const proven = task('ok', 'i1', { startedAt: T0S - 60 });
    expect(recordFailures(d0, [proven], settings, T0).deployment.consecutiveFailures).toBe(0);
    const before = task('ok', 'i1', { startedAt: T0S - 600 });
    expect(recordFailures(d0, [before], settings, T0).deployment.consecutiveFailures).toBe(4);
  });

  it.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [5, 160_000],
    [7, 640_000],
    [8, 900_000],
    [50, 900_000],
  ])('backoff after %i consecutive failures is %i ms', (failures, delay) => {
    expect(backoffDelayMs(failures)).toBe(delay);
  });

  it('holds placements back until the gap has passed, and says why', () => {
    const svc = service({ desiredCount: 1, deployments: [deployment('ecs-svc/1', { consecutiveFailures: 5, lastFailureAt: T0S - 100 })] });
    const held = reconcile({ service: svc, now: T0 });
    expect(held.place).toEqual([]);
    expect(held.retryAt).toBe((T0S - 100) * 1000 + 160_000);
    expect(held.service.events[0]!.message).toBe(UNABLE);
    const later = reconcile({ service: svc, now: T0 + 61_000 });
    expect(later.place).toHaveLength(1);
    expect(later.retryAt).toBeUndefined();
  });

  it('stays quiet about the first couple of failures', () => {
    const svc = service({ desiredCount: 1, deployments: [deployment('ecs-svc/1', { consecutiveFailures: 1, lastFailureAt: T0S - 1 })] });
    const plan = reconcile({ service: svc });
    expect(plan.place).toEqual([]);
    expect(plan.service.events).toEqual([]);
  });

  it('keeps retrying a failing service with growing gaps', () => {
    const svc = service({ desiredCount: 1 });
    const sim = new Sim({ service: svc, instances: zonal(1) });
    sim.stepMs = 10_000;
    sim.behavior = () => 'fail';
    for (let i = 0; i < 60; i++) sim.step();
    const placedAt = sim.plans.flatMap((p, i) => (p.place.length > 0 ? [i] : []));
    const gaps = placedAt.slice(1).map((at, i) => at - placedAt[i]!);
    // Gaps (in 10 s passes) grow: each retry waits at least as long as the one before.
    expect(gaps.length).toBeGreaterThan(3);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
    expect(sim.service.deployments[0]!.failedTasks).toBe(placedAt.length);
    expect(sim.eventMessages()).toContain(UNABLE);
  });
});
