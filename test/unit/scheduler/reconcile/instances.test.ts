import { describe, expect, it } from 'vitest';
import { instance, reconcile, service, shape, Sim, task, zonal, ZONES } from './harness.js';

const LOST_REASON = 'Task stopped because the container instance was lost: its agent stopped reporting.';

/** i1 (zone a, DRAINING), i2 (b), i3 (c), i4 (a). */
const drainingCluster = () => [
  instance('i1', ZONES[0], { status: 'DRAINING' }),
  instance('i2', ZONES[1]),
  instance('i3', ZONES[2]),
  instance('i4', ZONES[0]),
];

describe('draining instance', () => {
  it('replaces running tasks first when maximumPercent allows, then stops them', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const sim = new Sim({ service: service({ desiredCount: 3 }), tasks, instances: drainingCluster() });
    sim.runUntilQuiet();
    expect(shape(sim.plans)).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(sim.plans[0]!.place[0]!.placement.instanceId).toBe('i4');
    expect(sim.plans[1]!.stop.map((s) => s.taskId)).toEqual(['t1']);
    expect(sim.live().every((t) => t.containerInstanceId !== 'i1')).toBe(true);
    expect(sim.plans.at(-1)!.steady).toBe(true);
  });

  it('keeps a replacement that is still pending, then stops the drained task once it runs (no start/stop loop)', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const sim = new Sim({ service: service({ desiredCount: 3 }), tasks, instances: drainingCluster() });
    sim.behavior = () => 'pend';
    const [replacement] = sim.step().place;
    expect(replacement?.placement.instanceId).toBe('i4');
    // The agent has not started it yet: the pass waits, it neither stops it nor starts another.
    for (let i = 0; i < 3; i++) expect(shape([sim.step()])).toEqual([[0, 0]]);
    sim.autoStart = true;
    sim.step();
    expect(shape([sim.step()])).toEqual([[0, 1]]);
    expect(sim.plans.at(-1)!.stop.map((s) => s.taskId)).toEqual(['t1']);
    sim.runUntilQuiet();
    const live = sim.live().map((t) => t.taskId);
    expect(live.sort()).toEqual(['t2', 't3', replacement!.taskId].sort());
    expect(sim.plans.at(-1)!.steady).toBe(true);
  });

  it('stops pending tasks there at once and places their replacement', () => {
    const tasks = [task('t1', 'i2'), task('t2', 'i3'), task('t3', 'i1', { lastStatus: 'PENDING', startedAt: undefined })];
    const plan = reconcile({ service: service({ desiredCount: 3 }), tasks, instances: drainingCluster() });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t3']);
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i4']);
  });

  it('with minimumHealthyPercent 50 and maximumPercent 100 stops first, then replaces', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3'), task('t4', 'i1')];
    const svc = service({ desiredCount: 4, deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 50 } });
    const sim = new Sim({ service: svc, tasks, instances: drainingCluster() });
    sim.runUntilQuiet();
    expect(shape(sim.plans)).toEqual([
      [0, 2],
      [2, 0],
      [0, 0],
    ]);
    expect(sim.plans[0]!.stop.map((s) => s.taskId).sort()).toEqual(['t1', 't4']);
  });

  it('never places on a draining instance', () => {
    const plan = reconcile({
      service: service({ desiredCount: 4 }),
      instances: [instance('i1', ZONES[0], { status: 'DRAINING' }), instance('i2', ZONES[1])],
    });
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i2', 'i2', 'i2', 'i2']);
  });

  it('with 100/100 cannot replace and says so', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const svc = service({ desiredCount: 3, deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 100 } });
    const plan = reconcile({ service: svc, tasks, instances: drainingCluster() });
    expect([plan.place.length, plan.stop.length]).toEqual([0, 0]);
    expect(plan.service.events[0]!.message).toContain(
      'was unable to stop or start tasks during a deployment because of the service deployment configuration',
    );
  });
});

describe('lost instance', () => {
  it('reports its tasks lost and replaces them elsewhere in the same pass', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const plan = reconcile({ service: service({ desiredCount: 3 }), tasks, instances: zonal(4), lostInstanceIds: new Set(['i1']) });
    expect(plan.lost).toEqual([{ taskId: 't1', reason: LOST_REASON }]);
    expect(plan.stop).toEqual([]);
    expect(plan.place).toHaveLength(1);
    expect(plan.place[0]!.placement.instanceId).toBe('i4'); // zone a again, but not the lost i1
    expect(plan.service).toMatchObject({ runningCount: 2, pendingCount: 1 });
    expect(plan.steady).toBe(false);
  });

  it('never places on a lost instance even if its agent still looks connected', () => {
    const plan = reconcile({
      service: service({ desiredCount: 2 }),
      instances: [instance('i1'), instance('i2')],
      lostInstanceIds: new Set(['i1']),
    });
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i2', 'i2']);
  });

  it('treats tasks on instances that vanished (forced deregistration) as lost', () => {
    const tasks = [task('t1', 'gone'), task('t2', 'i2'), task('t3', 'i3', { desiredStatus: 'STOPPED' })];
    const plan = reconcile({ service: service({ desiredCount: 2 }), tasks, instances: zonal(3) });
    expect(plan.lost).toEqual([{ taskId: 't1', reason: 'Task stopped because the container instance was deregistered.' }]);
    expect(plan.place).toHaveLength(1);
  });

  it('also finishes tasks already told to stop there', () => {
    const tasks = [task('t1', 'i1', { desiredStatus: 'STOPPED' }), task('t2', 'i2')];
    const plan = reconcile({ service: service({ desiredCount: 1 }), tasks, instances: zonal(3), lostInstanceIds: new Set(['i1']) });
    expect(plan.lost.map((l) => l.taskId)).toEqual(['t1']);
    expect(plan.steady).toBe(false);
  });

  it('converges: the service ends up steady without the lost instance', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i1'), task('t3', 'i2')];
    const sim = new Sim({ service: service({ desiredCount: 3 }), tasks, instances: zonal(3) });
    sim.lost.add('i1');
    sim.runUntilQuiet();
    expect(sim.live()).toHaveLength(3);
    expect(sim.live().every((t) => t.containerInstanceId !== 'i1')).toBe(true);
    expect(sim.plans.at(-1)!.steady).toBe(true);
  });
});
