import { describe, expect, it } from 'vitest';
import type { DeploymentAlarms } from '@aws-sdk/client-ecs';
import type { ServiceRecord } from '../../../../src/domain/service.js';
import type { AlarmReadings } from '../../../../src/scheduler/reconcile/index.js';
import { reconcile, rollingOut, Sim, T0, T0S, task, TD1, zonal } from './harness.js';

const FAILED_EVENT = '(service web) (deployment ecs-svc/2) deployment failed: alarm detected.';
const ROLLBACK_EVENT = '(service web) rolling back to deployment ecs-svc/1.';

/** A service rolling out ecs-svc/2 (TD2) over ecs-svc/1 (TD1, COMPLETED), watched by the alarm "errors". */
const deploying = (alarms: Partial<DeploymentAlarms> = {}): ServiceRecord =>
  rollingOut({
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    alarms: { alarmNames: ['errors'], enable: true, rollback: true, ...alarms },
  });
const oldTasks = (n: number) => Array.from({ length: n }, (_, i) => task(`old${i + 1}`, `i${(i % 3) + 1}`));
const readings = (state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', bakeSeconds = 120): AlarmReadings => ({
  states: { errors: state },
  bakeSeconds,
});

describe('deployment alarms', () => {
  it('an alarm in ALARM during the rollout fails the deployment and rolls back to the last completed one', () => {
    const sim = new Sim({ service: deploying(), tasks: oldTasks(3), instances: zonal(3) });
    sim.alarms = readings('OK');
    sim.step(); // starts the TD2 tasks
    expect(sim.service.deployments[0]).toMatchObject({ id: 'ecs-svc/2', rolloutState: 'IN_PROGRESS', alarmsStatus: 'MONITORING' });
    sim.alarms = readings('ALARM');
    const tripped = sim.step();
    const [rollback, failed] = tripped.service.deployments;
    expect(rollback).toMatchObject({
      id: 'ecs-svc/r1',
      status: 'PRIMARY',
      taskDefinition: TD1,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment detected triggered alarms: rolling back to deploymentId ecs-svc/1.',
      alarmsStatus: 'DISABLED',
    });
    expect(failed).toMatchObject({
      id: 'ecs-svc/2',
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment detected triggered alarms: errors.',
      alarmsStatus: 'TRIGGERED',
      triggeredAlarmNames: ['errors'],
    });
    expect(tripped.service.taskDefinition).toBe(TD1);
    const events = sim.eventMessages();
    expect(events.indexOf(ROLLBACK_EVENT)).toBeGreaterThanOrEqual(0);
    expect(events.indexOf(ROLLBACK_EVENT)).toBeLessThan(events.indexOf(FAILED_EVENT)); // newest first

    // The rollback is not watched by the alarm that caused it: it completes with the alarm still in ALARM.
    sim.runUntilQuiet();
    expect(sim.service.deployments).toHaveLength(1);
    expect(sim.service.deployments[0]).toMatchObject({ id: 'ecs-svc/r1', taskDefinition: TD1, rolloutState: 'COMPLETED', runningCount: 3 });
    expect(new Set(sim.live().map((t) => (t as { taskDefinition?: string }).taskDefinition ?? TD1))).toEqual(new Set([TD1]));
    expect(sim.eventMessages().filter((m) => m === FAILED_EVENT)).toHaveLength(1);
  });

  it('without rollback the deployment fails and launches nothing more', () => {
    const sim = new Sim({ service: deploying({ rollback: false }), tasks: oldTasks(3), instances: zonal(3) });
    sim.alarms = readings('ALARM');
    const first = sim.step();
    expect(first.place).toEqual([]);
    expect(sim.service.deployments.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      ['ecs-svc/2', 'PRIMARY', 'FAILED'],
      ['ecs-svc/1', 'ACTIVE', 'COMPLETED'],
    ]);
    sim.step();
    sim.step();
    expect(sim.plans.every((p) => p.place.length === 0 && p.stop.length === 0)).toBe(true);
    expect(sim.live().map((t) => t.taskId)).toEqual(['old1', 'old2', 'old3']);
    expect(sim.eventMessages()).toEqual([FAILED_EVENT]);
  });

  it('a steady deployment stays IN_PROGRESS for the bake time, then completes', () => {
    const sim = new Sim({ service: deploying(), tasks: oldTasks(3), instances: zonal(3) });
    sim.alarms = readings('OK', 150);
    let steadyAt: number | undefined;
    for (let i = 0; i < 12 && sim.service.deployments[0]!.rolloutState === 'IN_PROGRESS'; i++) {
      const now = sim.now;
      const plan = sim.step();
      if (plan.steady && steadyAt === undefined) steadyAt = now;
      if (plan.service.deployments[0]!.rolloutState === 'IN_PROGRESS') expect(plan.revisitAt).toBe(now);
    }
    expect(steadyAt).toBeDefined();
    const completed = sim.service.deployments[0]!;
    expect(completed).toMatchObject({ id: 'ecs-svc/2', rolloutState: 'COMPLETED', alarmsStatus: 'MONITORING_COMPLETE' });
    // Steady at steadyAt; 150 s later, on the 60 s passes, the third pass after it completes.
    expect(completed.bakeStartedAt).toBe(steadyAt! / 1000);
    expect(completed.updatedAt).toBe(steadyAt! / 1000 + 180);
    expect(sim.eventMessages()[1]).toBe('(service web) (deployment ecs-svc/2) deployment completed.');
  });

  it('an alarm in ALARM during the bake time fails the deployment instead of completing it', () => {
    const sim = new Sim({ service: deploying(), tasks: oldTasks(3), instances: zonal(3) });
    sim.alarms = readings('OK', 600);
    while (!sim.plans.at(-1)?.steady) sim.step();
    expect(sim.service.deployments[0]).toMatchObject({ id: 'ecs-svc/2', rolloutState: 'IN_PROGRESS' });
    sim.alarms = readings('ALARM', 600);
    sim.step();
    expect(sim.service.deployments.map((d) => [d.id, d.rolloutState])).toEqual([
      ['ecs-svc/r1', 'IN_PROGRESS'],
      ['ecs-svc/2', 'FAILED'],
    ]);
    sim.runUntilQuiet();
    expect(sim.service.deployments).toEqual([
      expect.objectContaining({ id: 'ecs-svc/r1', taskDefinition: TD1, rolloutState: 'COMPLETED' }),
    ]);
  });

  it('never completes on a pass that could not read the alarms', () => {
    const svc = deploying();
    const steadySvc: ServiceRecord = {
      ...svc,
      runningCount: 3,
      deployments: [{ ...svc.deployments[0]!, runningCount: 3, alarmsStatus: 'MONITORING', bakeStartedAt: T0S - 3600 }],
    };
    const tasks = [1, 2, 3].map((i) => task(`new${i}`, `i${i}`, { deploymentId: 'ecs-svc/2' }));
    const unread = reconcile({ service: steadySvc, tasks });
    expect(unread.steady).toBe(true);
    expect(unread.service.deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS' });
    expect(unread.revisitAt).toBe(T0);
    const read = reconcile({ service: steadySvc, tasks, alarms: readings('OK') });
    expect(read.service.deployments[0]).toMatchObject({ rolloutState: 'COMPLETED', alarmsStatus: 'MONITORING_COMPLETE' });
    expect(read.revisitAt).toBeUndefined();
  });

  it('restarts the bake time when the service stops being steady', () => {
    const svc = deploying();
    const baking: ServiceRecord = {
      ...svc,
      deployments: [{ ...svc.deployments[0]!, runningCount: 3, alarmsStatus: 'MONITORING', bakeStartedAt: T0S - 30 }],
    };
    const tasks = [1, 2].map((i) => task(`new${i}`, `i${i}`, { deploymentId: 'ecs-svc/2' }));
    const plan = reconcile({ service: baking, tasks, alarms: readings('OK') });
    expect(plan.steady).toBe(false);
    expect(plan.service.deployments[0]!.bakeStartedAt).toBeUndefined();
  });

  it('says once which named alarms do not exist, and does not fail the deployment for them', () => {
    const sim = new Sim({ service: deploying({ alarmNames: ['errors', 'latency'] }), tasks: oldTasks(3), instances: zonal(3) });
    sim.alarms = readings('OK');
    sim.step();
    sim.step();
    const missing =
      '(service web) (deployment ecs-svc/2) could not find the CloudWatch alarms (latency): they cannot fail the deployment until they exist.';
    expect(sim.eventMessages().filter((m) => m === missing)).toHaveLength(1);
    expect(sim.service.deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', missingAlarmNames: ['latency'] });
    sim.alarms = { states: { errors: 'OK', latency: 'ALARM' }, bakeSeconds: 60 };
    sim.step();
    expect(sim.service.deployments[1]).toMatchObject({ id: 'ecs-svc/2', rolloutState: 'FAILED', triggeredAlarmNames: ['latency'] });
    expect(sim.service.deployments[1]!.missingAlarmNames).toBeUndefined();
  });

  it('ignores the alarms when enable is false', () => {
    const sim = new Sim({ service: deploying({ enable: false }), tasks: oldTasks(3), instances: zonal(3) });
    sim.alarms = readings('ALARM');
    sim.runUntilQuiet();
    expect(sim.service.deployments).toEqual([expect.objectContaining({ id: 'ecs-svc/2', rolloutState: 'COMPLETED' })]);
    expect(sim.service.deployments[0]!.alarmsStatus).toBeUndefined();
  });

  it('a service being deleted is not failed by its alarms', () => {
    const svc = { ...deploying(), status: 'DRAINING' as const };
    const plan = reconcile({ service: svc, tasks: oldTasks(3), alarms: readings('ALARM'), now: T0 });
    expect(plan.service.deployments[0]).toMatchObject({ id: 'ecs-svc/2', rolloutState: 'IN_PROGRESS' });
    expect(plan.stop).toHaveLength(3);
  });
});
