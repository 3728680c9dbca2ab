import { describe, expect, it } from 'vitest';
import type { ServiceEventRecord } from '../../../../src/domain/service.js';
import type { PlacementInstance } from '../../../../src/scheduler/placement/index.js';
import { appendEvents, messages, reconcileCluster, reserve, serviceOrder } from '../../../../src/scheduler/reconcile/index.js';
import { ids, instance, reconcile, service, Sim, T0, T0S, task, TDS, zonal, ZONES } from './harness.js';

describe('service deletion (DRAINING)', () => {
  it('stops every task, then becomes INACTIVE once none is live', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3', { lastStatus: 'PENDING', startedAt: undefined })];
    const sim = new Sim({ service: service({ status: 'DRAINING', desiredCount: 0 }), tasks, instances: zonal(3) });
    const first = sim.step();
    expect(first.stop.map((s) => [s.taskId, s.reason])).toEqual([
      ['t1', 'Service is being deleted'],
      ['t2', 'Service is being deleted'],
      ['t3', 'Service is being deleted'],
    ]);
    expect(first.place).toEqual([]);
    expect(first.service.status).toBe('DRAINING');
    const second = sim.step();
    expect(second.stop).toEqual([]);
    expect(second.service.status).toBe('INACTIVE');
    expect(second.steady).toBe(false);
    const third = sim.step();
    expect(third).toMatchObject({ place: [], stop: [], changed: false });
  });

  it('stops tasks even when desiredCount was left above zero (force)', () => {
    const plan = reconcile({ service: service({ status: 'DRAINING', desiredCount: 3 }), tasks: [task('t1', 'i1')] });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t1']);
    expect(plan.place).toEqual([]);
    expect(plan.service.deployments[0]!.desiredCount).toBe(0);
  });

  it('waits for tasks still shutting down', () => {
    const plan = reconcile({
      service: service({ status: 'DRAINING', desiredCount: 0 }),
      tasks: [task('t1', 'i1', { desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING' })],
    });
    expect(plan.service.status).toBe('DRAINING');
  });

  it('becomes INACTIVE at once when the only tasks left are on lost instances', () => {
    const plan = reconcile({
      service: service({ status: 'DRAINING', desiredCount: 0 }),
      tasks: [task('t1', 'i1')],
      lostInstanceIds: new Set(['i1']),
    });
    expect(plan.lost.map((l) => l.taskId)).toEqual(['t1']);
    expect(plan.service.status).toBe('INACTIVE');
  });

  it('leaves an INACTIVE service alone', () => {
    const plan = reconcile({ service: service({ status: 'INACTIVE' }), tasks: [] });
    expect(plan).toMatchObject({ place: [], stop: [], lost: [], changed: false, steady: false });
  });
});

describe('events', () => {
  const ev = (message: string, id = message): ServiceEventRecord => ({ id, createdAt: 1, message });
  let n = 0;
  const nextId = () => `x${++n}`;

  it('prepends newest first and suppresses a repeat of the newest', () => {
    const out = appendEvents([ev('a')], ['a', 'b', 'b', 'c'], 5, nextId);
    expect(out.map((e) => e.message)).toEqual(['c', 'b', 'a']);
    expect(out[0]!.createdAt).toBe(5);
  });

  it('keeps at most 100', () => {
    const existing = Array.from({ length: 100 }, (_, i) => ev(`m${i}`));
    const out = appendEvents(existing, ['new'], 5, nextId);
    expect(out).toHaveLength(100);
    expect(out[0]!.message).toBe('new');
    expect(out.at(-1)!.message).toBe('m98');
  });

  it('returns the same list when nothing is added', () => {
    const existing = [ev('a')];
    expect(appendEvents(existing, ['a'], 5, nextId)).toBe(existing);
  });

  it('words task lists as ECS does', () => {
    expect(messages.stopped('web', ['a', 'b'])).toEqual(['(service web) has stopped 2 running tasks: (task a) (task b).']);
    expect(
      messages
        .started(
          'web',
          Array.from({ length: 21 }, (_, i) => `t${i}`),
        )
        .map((m) => m.split(':')[0]),
    ).toEqual(['(service web) has started 10 tasks', '(service web) has started 10 tasks', '(service web) has started 1 tasks']);
  });

  it('stamps events with the pass time in epoch seconds and injected ids', () => {
    const plan = reconcile({ service: service({ desiredCount: 1 }), newEventId: () => 'evt-1' });
    expect(plan.service.events).toEqual([{ id: 'evt-1', createdAt: T0S, message: '(service web) has started 1 tasks: (task new1).' }]);
  });
});

describe('reserve', () => {
  it('returns a copy holding one more task', () => {
    const before = instance('i1', ZONES[0], { usedTcpPorts: [80], taskGroups: { 'service:web': 1, other: 2 }, pendingTasksCount: 1 });
    const frozen = structuredClone(before);
    const after = reserve(
      before,
      { cpu: 256, memory: 512, group: 'service:web' },
      {
        instanceId: 'i1',
        instanceArn: before.arn,
        ports: [
          { containerName: 'web', containerPort: 80, hostPort: 49153, protocol: 'tcp' },
          { containerName: 'dns', containerPort: 53, hostPort: 53, protocol: 'udp' },
        ],
      },
    );
    expect(after).toMatchObject({
      remainingCpu: before.remainingCpu - 256,
      remainingMemory: before.remainingMemory - 512,
      usedTcpPorts: [80, 49153],
      usedUdpPorts: [53],
      pendingTasksCount: 2,
      runningTasksCount: 0,
      taskGroups: { 'service:web': 2, other: 2 },
    });
    expect(before).toEqual(frozen);
  });

  it('refuses a placement on another instance', () => {
    expect(() => reserve(instance('i1'), { cpu: 1, memory: 1, group: 'g' }, { instanceId: 'i2', instanceArn: '', ports: [] })).toThrow();
  });
});

describe('reconcileCluster', () => {
  const input = (instances: PlacementInstance[]) => {
    const older = service({ serviceName: 'api', serviceArn: 'arn:svc/api', desiredCount: 2, createdAt: T0S - 9000 });
    const newer = service({ serviceName: 'web', serviceArn: 'arn:svc/web', desiredCount: 2, createdAt: T0S - 100 });
    return {
      ...ids(),
      services: [
        { service: newer, tasks: [] },
        { service: older, tasks: [] },
      ],
      instances,
      lostInstanceIds: new Set<string>(),
      taskDefinitions: TDS,
      now: T0,
      seed: 3,
    };
  };

  it('threads one working copy so services never share capacity, older services first', () => {
    const result = reconcileCluster(input([instance('i1', ZONES[0], { remainingCpu: 768 })]));
    const [web, api] = result.plans;
    expect(api!.serviceName).toBe('api');
    expect(api!.place).toHaveLength(2);
    expect(web!.place).toHaveLength(1);
    expect(web!.unplaced.count).toBe(1);
    expect(web!.service.events[0]!.message).toContain('has insufficient CPU units available');
    expect(result.instances[0]).toMatchObject({
      remainingCpu: 0,
      pendingTasksCount: 3,
      taskGroups: { 'service:api': 2, 'service:web': 1 },
    });
    expect(new Set([...api!.place, ...web!.place].map((p) => p.taskId)).size).toBe(3);
  });

  it('spreads each service on its own group', () => {
    const result = reconcileCluster(input(zonal(2)));
    for (const plan of result.plans) expect(new Set(plan.place.map((p) => p.placement.instanceId)).size).toBe(2);
  });

  it('orders services by creation time, then name', () => {
    const a = service({ serviceName: 'a', createdAt: 5 });
    const b = service({ serviceName: 'b', createdAt: 1 });
    const c = service({ serviceName: 'c', createdAt: 5 });
    expect(serviceOrder([{ service: c }, { service: a }, { service: b }])).toEqual([2, 1, 0]);
  });

  it('is deterministic for a seed', () => {
    const placed = () => reconcileCluster(input(zonal(6))).plans.map((p) => p.place.map((x) => x.placement.instanceId));
    expect(placed()).toEqual(placed());
  });
});

describe('container health checks', () => {
  it('stops a RUNNING task whose health check fails, and the service replaces it', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2', { healthStatus: 'UNHEALTHY' }), task('t3', 'i3')];
    const sim = new Sim({ service: service({ desiredCount: 3 }), tasks, instances: zonal(3) });
    const first = sim.step();
    expect(first.stop.map((s) => [s.taskId, s.reason])).toEqual([['t2', 'Task failed container health checks']]);
    // maximumPercent 200 leaves room: the replacement starts in the same pass.
    expect(first.place).toHaveLength(1);
    expect(sim.step().steady).toBe(true);
  });

  it('leaves an UNHEALTHY task alone within the health check grace period', () => {
    const tasks = [task('t1', 'i1', { healthStatus: 'UNHEALTHY', startedAt: T0S - 10 })];
    const grace = reconcile({ service: service({ desiredCount: 1, healthCheckGracePeriodSeconds: 60 }), tasks });
    expect(grace.stop).toEqual([]);
    // The plan looks steady, so it says when to look again: right after the grace period ends.
    expect(grace.steady).toBe(true);
    expect(grace.revisitAt).toBe((T0S + 50) * 1000);
    const atEnd = reconcile({ service: service({ desiredCount: 1, healthCheckGracePeriodSeconds: 60 }), tasks, now: grace.revisitAt! });
    expect(atEnd.stop.map((s) => s.reason)).toEqual(['Task failed container health checks']);
    expect(reconcile({ service: service({ desiredCount: 1 }), tasks: [task('t1', 'i1')] }).revisitAt).toBeUndefined();
    const after = reconcile({ service: service({ desiredCount: 1, healthCheckGracePeriodSeconds: 5 }), tasks });
    expect(after.stop.map((s) => s.reason)).toEqual(['Task failed container health checks']);
  });
});
