import { describe, expect, it } from 'vitest';
import { messages } from '../../../../src/scheduler/reconcile/index.js';
import { deployment, instance, reconcile, service, Sim, task, TD1, zonal, zoneOf, ZONES } from './harness.js';

describe('a fresh service', () => {
  it('places its desired tasks spread over the zones, one per instance', () => {
    const instances = zonal(6);
    const plan = reconcile({ service: service({ desiredCount: 6 }), instances });
    expect(plan.place).toHaveLength(6);
    const zones = plan.place.map((p) => zoneOf(instances, p.placement.instanceId));
    for (const zone of ZONES) expect(zones.filter((z) => z === zone)).toHaveLength(2);
    expect(new Set(plan.place.map((p) => p.placement.instanceId)).size).toBe(6);
    expect(plan.place.every((p) => p.deploymentId === 'ecs-svc/1' && p.taskDefinition === TD1 && p.group === 'service:web')).toBe(true);
    expect(plan.service.pendingCount).toBe(6);
    expect(plan.service.deployments[0]).toMatchObject({ desiredCount: 6, pendingCount: 6, runningCount: 0 });
    expect(plan.service.events[0]!.message).toBe(
      '(service web) has started 6 tasks: (task new1) (task new2) (task new3) (task new4) (task new5) (task new6).',
    );
    expect(plan.steady).toBe(false);
    expect(plan.changed).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const run = (seed: number) =>
      reconcile({ service: service({ desiredCount: 4 }), instances: zonal(9), seed }).place.map((p) => p.placement.instanceId);
    expect(run(7)).toEqual(run(7));
  });

  it('lists at most ten tasks per started event', () => {
    const plan = reconcile({ service: service({ desiredCount: 12 }), instances: zonal(3) });
    expect(plan.place).toHaveLength(12);
    expect(plan.service.events.map((e) => e.message.replace(/:.*/, ''))).toEqual([
      '(service web) has started 2 tasks',
      '(service web) has started 10 tasks',
    ]);
  });

  const unplaceable = [
    {
      name: 'no instances at all',
      instances: [],
      message:
        '(service web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section.',
    },
    {
      name: 'only draining instances',
      instances: [instance('i1', ZONES[0], { status: 'DRAINING' })],
      message:
        '(service web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section.',
    },
    {
      name: 'too little cpu',
      instances: [instance('i1', ZONES[0], { remainingCpu: 128 })],
      message:
        '(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance i1) has insufficient CPU units available. For more information, see the Troubleshooting section.',
    },
    {
      name: 'too little memory',
      instances: [instance('i1', ZONES[0], { remainingMemory: 100 })],
      message:
        '(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance i1) has insufficient memory available. For more information, see the Troubleshooting section.',
    },
  ];
  it.each(unplaceable)('reports an unplaceable task: $name', ({ instances, message }) => {
    const plan = reconcile({ service: service({ desiredCount: 2 }), instances });
    expect(plan.place).toHaveLength(0);
    expect(plan.unplaced.count).toBe(2);
    expect(plan.unplaced.closest).toBeDefined();
    expect(plan.service.events.map((e) => e.message)).toEqual([message]);
  });

  it('reports a port conflict with ECS wording', () => {
    const svc = service({ desiredCount: 1, deployments: [deployment('ecs-svc/1', { taskDefinition: 'td:ports' })] });
    const plan = reconcile({
      service: svc,
      instances: [instance('i1', ZONES[0], { usedTcpPorts: [80] })],
      taskDefinitions: {
        'td:ports': {
          cpu: 256,
          memory: 512,
          ports: [{ containerName: 'web', containerPort: 80, hostPort: 80, protocol: 'tcp' }],
          placementConstraints: [],
          family: 'web',
        },
      },
    });
    expect(plan.service.events[0]!.message).toContain(
      'The closest matching (container-instance i1) is already using a port required by your task.',
    );
  });

  it('does not repeat the same unable-to-place event pass after pass', () => {
    const sim = new Sim({ service: service({ desiredCount: 1 }), instances: [] });
    sim.step();
    sim.step();
    sim.step();
    expect(sim.eventMessages()).toHaveLength(1);
  });

  it('honours service and task definition constraints', () => {
    const instances = [
      instance('i1', ZONES[0], { attributes: { 'ecs.availability-zone': ZONES[0]!, 'ecs.instance-type': 't3.small' } }),
      instance('i2', ZONES[1], { attributes: { 'ecs.availability-zone': ZONES[1]!, 'ecs.instance-type': 'm5.large' } }),
    ];
    const svc = service({
      desiredCount: 2,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m5.*' }],
    });
    const plan = reconcile({ service: svc, instances });
    expect(plan.place.map((p) => p.placement.instanceId)).toEqual(['i2', 'i2']);
  });
});

describe('scaling', () => {
  it('scales up into the zones with the fewest of its tasks', () => {
    const instances = zonal(3);
    const tasks = [task('t1', 'i1'), task('t2', 'i1'), task('t3', 'i1')];
    const plan = reconcile({ service: service({ desiredCount: 5 }), tasks, instances });
    expect(plan.place.map((p) => p.placement.instanceId).sort()).toEqual(['i2', 'i3']);
    expect(plan.stop).toEqual([]);
  });

  const scaleIn = [
    {
      name: 'a pending task goes first, then the zone with the most tasks',
      desired: 2,
      instances: zonal(3),
      tasks: [task('t1', 'i1'), task('t2', 'i1'), task('t3', 'i2'), task('t4', 'i3', { lastStatus: 'PENDING' })],
      stopped: [['t4'], ['t1', 't2']],
    },
    {
      name: 'within the fullest zone, the instance with the most tasks',
      desired: 3,
      instances: [instance('i1', ZONES[0]), instance('i2', ZONES[0]), instance('i3', ZONES[1]), instance('i4', ZONES[2])],
      tasks: [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i2'), task('t4', 'i3')],
      stopped: [['t2', 't3']],
    },
    {
      name: 'zones are evened out over several stops',
      desired: 3,
      instances: zonal(3),
      tasks: [task('t1', 'i1'), task('t2', 'i1'), task('t3', 'i1'), task('t4', 'i2'), task('t5', 'i2'), task('t6', 'i3')],
      stopped: [
        ['t1', 't2', 't3'],
        ['t1', 't2', 't3'],
        ['t4', 't5'],
      ],
    },
    {
      name: 'an unhealthy task goes before a healthy one',
      desired: 2,
      instances: zonal(3),
      tasks: [task('t1', 'i1'), task('t2', 'i2', { healthStatus: 'UNHEALTHY' }), task('t3', 'i3')],
      stopped: [['t2']],
      reason: 'Task failed container health checks',
    },
  ];
  it.each(scaleIn)('scales in: $name', ({ desired, instances, tasks, stopped, reason }) => {
    const plan = reconcile({ service: service({ desiredCount: desired }), tasks, instances });
    expect(plan.place).toEqual([]);
    expect(plan.stop).toHaveLength(stopped.length);
    plan.stop.forEach((s, i) => expect(stopped[i]).toContain(s.taskId));
    expect(plan.stop[0]).toMatchObject({
      reason: reason ?? 'Scaling activity initiated by (deployment ecs-svc/1)',
      stopCode: 'ServiceSchedulerInitiated',
    });
    expect(plan.service.runningCount + plan.service.pendingCount).toBe(desired);
    expect(plan.service.events[0]!.message).toBe(
      messages.stopped(
        'web',
        plan.stop.map((s) => s.taskId),
      )[0],
    );
  });

  it('with binpack, scales in from the least-loaded instance', () => {
    const instances = [instance('i1', ZONES[0], { remainingMemory: 8192 }), instance('i2', ZONES[1], { remainingMemory: 2048 })];
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i2')];
    const svc = service({ desiredCount: 2, placementStrategy: [{ type: 'binpack', field: 'memory' }] });
    const plan = reconcile({ service: svc, tasks, instances });
    expect(plan.stop.map((s) => s.taskId)).toEqual(['t1']);
  });

  it('chooses among equals by seed, not by input order', () => {
    const instances = zonal(3);
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const pick = (list: typeof tasks, seed: number) =>
      reconcile({ service: service({ desiredCount: 2 }), tasks: list, instances, seed }).stop[0]!.taskId;
    for (const seed of [1, 2, 3, 4, 5]) expect(pick(tasks, seed)).toBe(pick([...tasks].reverse(), seed));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => pick(tasks, seed))).size).toBeGreaterThan(1);
  });

  it('scales to zero and drops nothing but tasks', () => {
    const plan = reconcile({ service: service({ desiredCount: 0 }), tasks: [task('t1', 'i1'), task('t2', 'i2')] });
    expect(plan.stop.map((s) => s.taskId).sort()).toEqual(['t1', 't2']);
    expect(plan.service.deployments).toHaveLength(1);
    expect(plan.service.deployments[0]).toMatchObject({ desiredCount: 0, runningCount: 0 });
  });
});

describe('steady state', () => {
  it('is reported exactly once, together with the completed rollout', () => {
    const svc = service({
      desiredCount: 3,
      deployments: [deployment('ecs-svc/1', { rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/1 in progress.' })],
    });
    const sim = new Sim({ service: svc });
    sim.runUntilQuiet();
    for (let i = 0; i < 3; i++) sim.step();
    const messagesSeen = sim.eventMessages();
    expect(messagesSeen.filter((m) => m === '(service web) has reached a steady state.')).toHaveLength(1);
    expect(messagesSeen.slice(0, 2)).toEqual([
      '(service web) has reached a steady state.',
      '(service web) (deployment ecs-svc/1) deployment completed.',
    ]);
    expect(sim.service.deployments[0]).toMatchObject({
      rolloutState: 'COMPLETED',
      rolloutStateReason: 'ECS deployment ecs-svc/1 completed.',
      runningCount: 3,
    });
    const last = sim.plans.at(-1)!;
    expect(last).toMatchObject({ steady: true, changed: false, place: [], stop: [], lost: [] });
  });

  it('is not steady while a stopped task is still shutting down', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3'), task('t4', 'i1', { desiredStatus: 'STOPPED' })];
    const plan = reconcile({ service: service(), tasks });
    expect(plan).toMatchObject({ steady: false, place: [], stop: [] });
    expect(plan.service.runningCount).toBe(3);
  });

  it('a steady service yields an empty, unchanged plan', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('t3', 'i3')];
    const svc = service({ runningCount: 3, events: [{ id: 'e0', createdAt: 1, message: '(service web) has reached a steady state.' }] });
    svc.deployments[0]!.desiredCount = 3;
    svc.deployments[0]!.runningCount = 3;
    const plan = reconcile({ service: svc, tasks });
    expect(plan).toMatchObject({ steady: true, changed: false, place: [], stop: [], lost: [] });
    expect(plan.service).toEqual({
      status: svc.status,
      taskDefinition: svc.taskDefinition,
      runningCount: 3,
      pendingCount: 0,
      deployments: svc.deployments,
      events: svc.events,
    });
  });
});
