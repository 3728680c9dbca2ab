/**
 * Services behind load balancers in the pure controller: health from targets,
 * ELB health-check replacements after the grace period, which targets to
 * register, watch and deregister, and which stopping tasks may get SIGTERM.
 */
import { describe, expect, it } from 'vitest';
import { taskItem } from '../../../../src/adapters/dynamodb/task-items.js';
import type { TaskRecord } from '../../../../src/domain/task.js';
import { drained, type TaskLoadBalancing, type TaskTarget } from '../../../../src/domain/task-targets.js';
import { requestStop } from '../../../../src/domain/task-transitions.js';
import {
  drainedAt,
  elbStopReason,
  healthyForService,
  targetsToDeregister,
  targetWorkBeforePlan,
  type TargetTask,
} from '../../../../src/scheduler/reconcile/index.js';
import { deployment, reconcile, service, T0, T0S, task, TD2, zonal } from './harness.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const TG2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/fedcba9876543210';
const LBS = [{ targetGroupArn: TG, containerName: 'web', containerPort: 80 }];

const target = (port: number, health?: TaskTarget['health'], more: Partial<TaskTarget> = {}): TaskTarget => ({
  targetGroupArn: TG,
  containerName: 'web',
  containerPort: 80,
  id: 'i-1',
  port,
  ...(health ? { health } : {}),
  ...more,
});
const lb = (
  state: TaskLoadBalancing['state'],
  health?: TaskTarget['health'],
  more: Partial<TaskLoadBalancing> = {},
): TaskLoadBalancing => ({
  state,
  targets: [target(49153, health)],
  ...more,
});

describe('health behind a load balancer', () => {
  const svc = service({ loadBalancers: LBS });

  it('is healthy only when every target is registered and healthy', () => {
    expect(healthyForService(svc, task('a', 'i1', { loadBalancing: lb('REGISTERED', 'healthy') }), T0)).toBe(true);
    expect(healthyForService(svc, task('a', 'i1', { loadBalancing: lb('REGISTERED', 'initial') }), T0)).toBe(false);
    expect(healthyForService(svc, task('a', 'i1', { loadBalancing: lb('REGISTERING') }), T0)).toBe(false);
    expect(healthyForService(svc, task('a', 'i1'), T0)).toBe(false);
    const two: TaskLoadBalancing = {
      state: 'REGISTERED',
      targets: [target(1, 'healthy'), target(2, 'unhealthy', { targetGroupArn: TG2 })],
    };
    expect(healthyForService(svc, task('a', 'i1', { loadBalancing: two }), T0)).toBe(false);
    // Without load balancers, targets do not matter.
    expect(healthyForService(service(), task('a', 'i1'), T0)).toBe(true);
  });

  it('rolls a deployment only as fast as new tasks turn healthy in the target group', () => {
    const old = ['o1', 'o2', 'o3'].map((id, i) => task(id, `i${i + 1}`, { loadBalancing: lb('REGISTERED', 'healthy') }));
    const deployments = [
      deployment('ecs-svc/2', { taskDefinition: TD2, rolloutState: 'IN_PROGRESS', desiredCount: 3 }),
      deployment('ecs-svc/1', { status: 'ACTIVE', desiredCount: 3 }),
    ];
    const svc2 = service({ loadBalancers: LBS, deployments, taskDefinition: TD2 });
    const fresh = (health: TaskTarget['health']) =>
      ['n1', 'n2', 'n3'].map((id, i) =>
        task(id, `i${i + 1}`, { deploymentId: 'ecs-svc/2', startedAt: T0S - 20, loadBalancing: lb('REGISTERED', health) }),
      );
    expect(reconcile({ service: svc2, tasks: [...old, ...fresh('initial')], instances: zonal(3) }).stop).toEqual([]);
    const plan = reconcile({ service: svc2, tasks: [...old, ...fresh('healthy')], instances: zonal(3) });
    expect(plan.stop.map((s) => s.taskId).sort()).toEqual(['o1', 'o2', 'o3']);
  });

  it('is steady only when its tasks are healthy in their target groups', () => {
    const tasks = (health: TaskTarget['health']) =>
      ['a', 'b', 'c'].map((id, i) => task(id, `i${i + 1}`, { loadBalancing: lb('REGISTERED', health) }));
    expect(reconcile({ service: svc, tasks: tasks('initial') }).steady).toBe(false);
    expect(reconcile({ service: svc, tasks: tasks('healthy') }).steady).toBe(true);
  });
});

describe('ELB health-check failures', () => {
  const unhealthy = lb('REGISTERED', 'unhealthy');
  unhealthy.targets[0] = {
    ...unhealthy.targets[0],
    reason: 'Target.ResponseCodeMismatch',
    description: 'Health checks failed with these codes: [500]',
  };
  const healthy = (id: string, inst: string) => task(id, inst, { loadBalancing: lb('REGISTERED', 'healthy') });

  it('replaces a task whose target is unhealthy, with ECS’s stop reason and event', () => {
    const plan = reconcile({
      service: service({ loadBalancers: LBS }),
      tasks: [task('a', 'i1', { loadBalancing: unhealthy }), healthy('b', 'i2'), healthy('c', 'i3')],
    });
    expect(plan.stop).toEqual([{ taskId: 'a', reason: elbStopReason(TG), stopCode: 'ServiceSchedulerInitiated' }]);
    expect(plan.stop[0].reason).toBe(`Task failed ELB health checks in (target-group ${TG})`);
    expect(plan.place).toHaveLength(1);
    expect(plan.service.events.map((e) => e.message)).toContain(
      `(service web) (instance i-1) (port 49153) is unhealthy in (target-group ${TG}) due to (reason Health checks failed with these codes: [500]).`,
    );
  });

  it('ignores ELB health checks during healthCheckGracePeriodSeconds after the task started', () => {
    const young = task('a', 'i1', { startedAt: T0S - 20, loadBalancing: unhealthy });
    const tasks = [young, healthy('b', 'i2'), healthy('c', 'i3')];
    expect(reconcile({ service: service({ loadBalancers: LBS, healthCheckGracePeriodSeconds: 60 }), tasks }).stop).toEqual([]);
    expect(
      reconcile({ service: service({ loadBalancers: LBS, healthCheckGracePeriodSeconds: 15 }), tasks }).stop.map((s) => s.taskId),
    ).toEqual(['a']);
  });
});

describe('target work before planning', () => {
  const svc = service({ loadBalancers: [...LBS, { targetGroupArn: TG2, containerName: 'web', containerPort: 8080 }] });
  const ids = (id: string) => ({ i1: 'i-0aaa', i2: 'c0ffee' })[id];
  const base: TargetTask = {
    taskId: 't',
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    containerInstanceId: 'i1',
    hostPorts: [
      { containerName: 'web', containerPort: 80, hostPort: 49153, protocol: 'tcp' },
      { containerName: 'web', containerPort: 8080, hostPort: 49154, protocol: 'tcp' },
    ],
  };

  it('registers a running task once per load balancer entry, on its instance id and host port', () => {
    const work = targetWorkBeforePlan(svc, [base], ids, T0);
    expect(work.register).toEqual([
      {
        taskId: 't',
        targets: [
          { targetGroupArn: TG, containerName: 'web', containerPort: 80, id: 'i-0aaa', port: 49153 },
          { targetGroupArn: TG2, containerName: 'web', containerPort: 8080, id: 'i-0aaa', port: 49154 },
        ],
      },
    ]);
    expect(work.watch).toEqual([]);
  });

  it('retries an unfinished registration, watches registered and draining tasks, and leaves the rest alone', () => {
    const tasks: TargetTask[] = [
      { ...base, taskId: 'registering', loadBalancing: lb('REGISTERING') },
      { ...base, taskId: 'registered', loadBalancing: lb('REGISTERED', 'healthy') },
      {
        ...base,
        taskId: 'draining',
        desiredStatus: 'STOPPED',
        lastStatus: 'DEACTIVATING',
        loadBalancing: lb('DRAINING', 'draining', { drainedAt: T0S + 10 }),
      },
      {
        ...base,
        taskId: 'drained',
        desiredStatus: 'STOPPED',
        lastStatus: 'DEACTIVATING',
        loadBalancing: lb('DRAINING', 'draining', { drainedAt: T0S - 1 }),
      },
      { ...base, taskId: 'pending', lastStatus: 'PENDING' },
      { ...base, taskId: 'no-port', hostPorts: [] },
      { ...base, taskId: 'stopping', desiredStatus: 'STOPPED' },
    ];
    const work = targetWorkBeforePlan(svc, tasks, ids, T0);
    expect(work.register.map((w) => w.taskId)).toEqual(['registering']);
    expect(work.watch.map((w) => w.taskId)).toEqual(['registered', 'draining']);
  });
});

describe('deregistration and draining', () => {
  const rec = (taskId: string, more: Partial<TargetTask>): TargetTask => ({
    taskId,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    containerInstanceId: 'i1',
    hostPorts: [],
    ...more,
  });

  it('deregisters every task that stops or stopped while it holds targets, whatever stopped it', () => {
    const out = targetsToDeregister(
      [
        rec('scaled-in', { loadBalancing: lb('REGISTERED', 'healthy') }),
        rec('stop-task', { desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING', loadBalancing: lb('REGISTERED', 'healthy') }),
        rec('host-lost', { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', loadBalancing: lb('REGISTERED', 'healthy') }),
        rec('half-registered', { desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING', loadBalancing: lb('REGISTERING') }),
        rec('already-draining', { desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING', loadBalancing: lb('DRAINING', 'draining') }),
        rec('serving', { loadBalancing: lb('REGISTERED', 'healthy') }),
        rec('no-targets', { desiredStatus: 'STOPPED' }),
      ],
      new Set(['scaled-in']),
    );
    expect(out.map((o) => [o.taskId, o.stopped])).toEqual([
      ['scaled-in', false],
      ['stop-task', false],
      ['host-lost', true],
      ['half-registered', false],
    ]);
  });

  it('leaves alone a target a newer task took over on the port a stopped task gave back', () => {
    const out = targetsToDeregister(
      [
        rec('exited', { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', loadBalancing: lb('REGISTERED', 'unhealthy') }),
        rec('successor', { loadBalancing: lb('REGISTERED', 'initial') }),
      ],
      new Set(),
    );
    expect(out).toEqual([{ taskId: 'exited', targets: [], stopped: true }]);
  });

  it('lets the agent stop a task only once its targets are drained', () => {
    expect(drained({}, T0)).toBe(true);
    expect(drained({ loadBalancing: lb('REGISTERED', 'healthy') }, T0)).toBe(false);
    expect(drained({ loadBalancing: lb('REGISTERING') }, T0)).toBe(false);
    expect(drained({ loadBalancing: lb('DRAINING', 'draining', { drainedAt: T0S + 1 }) }, T0)).toBe(false);
    expect(drained({ loadBalancing: lb('DRAINING', 'draining', { drainedAt: T0S }) }, T0)).toBe(true);
    expect(drained({ loadBalancing: lb('DEREGISTERED') }, T0)).toBe(true);
    expect(drainedAt(T0, [5, 30, 0])).toBe(T0S + 30);
    expect(drainedAt(T0, [])).toBe(T0S);
  });

  const record = (more: Partial<TaskRecord>): TaskRecord =>
    ({
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/test/t1',
      taskId: 't1',
      clusterName: 'test',
      serviceName: 'web',
      containerInstanceId: 'i1',
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      createdAt: T0S - 100,
      containers: [],
      hostPorts: [],
      tags: [],
      ...more,
    }) as TaskRecord;

  it('keeps a stopping task that holds targets DEACTIVATING, and one without targets as it was', () => {
    expect(requestStop(record({ loadBalancing: lb('REGISTERED', 'healthy') }), 'Scaling', 'ServiceSchedulerInitiated', T0)).toMatchObject({
      lastStatus: 'DEACTIVATING',
      desiredStatus: 'STOPPED',
    });
    expect(requestStop(record({}), 'Scaling', 'ServiceSchedulerInitiated', T0)).toMatchObject({
      lastStatus: 'RUNNING',
      desiredStatus: 'STOPPED',
    });
  });

  it('keeps a stopped task in its service’s live range (no TTL) until its targets are deregistered', () => {
    const stopped = { lastStatus: 'STOPPED' as const, desiredStatus: 'STOPPED' as const, stoppedAt: T0S };
    const holding = taskItem(record({ ...stopped, loadBalancing: lb('REGISTERED', 'healthy') }), 3);
    expect(holding.GSI6SK).toBe('L#t1');
    expect(holding.expiresAt).toBeUndefined();
    const done = taskItem(record({ ...stopped, loadBalancing: lb('DEREGISTERED') }), 4);
    expect(done.GSI6SK).toMatch(/^S#/);
    expect(done.expiresAt).toBeGreaterThan(T0S);
  });
});
