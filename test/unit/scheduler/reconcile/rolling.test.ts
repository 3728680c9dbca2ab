import { describe, expect, it } from 'vitest';
import type { ServiceRecord } from '../../../../src/domain/service.js';
import { decideRolling, type RollingInput } from '../../../../src/scheduler/reconcile/index.js';
import { rollingOut, service, shape, Sim, T0S, task, TD1, TD2, zonal } from './harness.js';

const STUCK =
  '(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.';

/** A service whose UpdateService just switched TD1 -> TD2, with `desired` old tasks running. */
function updating(
  desired: number,
  maximumPercent: number,
  minimumHealthyPercent: number,
): { service: ServiceRecord; tasks: ReturnType<typeof task>[] } {
  const svc = rollingOut({ maximumPercent, minimumHealthyPercent }, desired);
  const tasks = Array.from({ length: desired }, (_, i) => task(`old${i + 1}`, `i${(i % 3) + 1}`));
  return { service: svc, tasks };
}

describe('rolling deployment', () => {
  const table = [
    {
      config: '200/100',
      max: 200,
      min: 100,
      desired: 4,
      steps: [
        [4, 0],
        [0, 4],
        [0, 0],
      ],
    },
    {
      config: '100/50',
      max: 100,
      min: 50,
      desired: 4,
      steps: [
        [0, 2],
        [2, 0],
        [0, 2],
        [2, 0],
        [0, 0],
      ],
    },
    {
      config: '100/0',
      max: 100,
      min: 0,
      desired: 4,
      steps: [
        [0, 4],
        [4, 0],
        [0, 0],
      ],
    },
    {
      config: '150/50',
      max: 150,
      min: 50,
      desired: 4,
      steps: [
        [2, 2],
        [2, 2],
        [0, 0],
      ],
    },
    {
      config: '200/0',
      max: 200,
      min: 0,
      desired: 3,
      steps: [
        [3, 3],
        [0, 0],
      ],
    },
    {
      config: '100/50 with an odd count',
      max: 100,
      min: 50,
      desired: 3,
      steps: [
        [0, 1],
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 0],
      ],
    },
  ];

  it.each(table)('$config: (placed, stopped) per pass', ({ max, min, desired, steps }) => {
    const sim = new Sim({ ...updating(desired, max, min), instances: zonal(3) });
    sim.runUntilQuiet();
    expect(shape(sim.plans)).toEqual(steps);
    // Old tasks only were stopped, with the deployment's scaling reason.
    const stopped = sim.plans.flatMap((p) => p.stop);
    expect(stopped.every((s) => s.taskId.startsWith('old') && s.reason === 'Scaling activity initiated by (deployment ecs-svc/2)')).toBe(
      true,
    );
    const final = sim.service;
    expect(final.deployments).toHaveLength(1);
    expect(final.deployments[0]).toMatchObject({
      id: 'ecs-svc/2',
      rolloutState: 'COMPLETED',
      runningCount: desired,
      desiredCount: desired,
    });
    expect(final.taskDefinition).toBe(TD2);
    expect(sim.plans.at(-1)!.steady).toBe(true);
    expect(sim.eventMessages().slice(0, 2)).toEqual([
      '(service web) has reached a steady state.',
      '(service web) (deployment ecs-svc/2) deployment completed.',
    ]);
    expect(sim.eventMessages()).not.toContain(STUCK);
  });

  it('shows the old deployment shrinking while the new one grows', () => {
    const sim = new Sim({ ...updating(4, 100, 50), instances: zonal(3) });
    sim.step();
    expect(sim.service.deployments.map((d) => [d.id, d.status, d.desiredCount, d.runningCount, d.pendingCount])).toEqual([
      ['ecs-svc/2', 'PRIMARY', 4, 0, 0],
      ['ecs-svc/1', 'ACTIVE', 2, 2, 0],
    ]);
    expect(sim.service.deployments[1]!.updatedAt).toBe(T0S);
    // The PRIMARY remembers where a circuit breaker would roll back to.
    expect(sim.service.deployments[0]!.rollbackTo).toEqual({ id: 'ecs-svc/1', taskDefinition: TD1 });
  });

  it('with 100/100 cannot make progress and says so once', () => {
    const sim = new Sim({ ...updating(3, 100, 100), instances: zonal(3) });
    for (let i = 0; i < 3; i++) sim.step();
    expect(shape(sim.plans)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(sim.eventMessages()).toEqual([STUCK]);
    expect(sim.plans.every((p) => !p.steady)).toBe(true);
    expect(sim.service.deployments).toHaveLength(2);
  });

  it('waits for new tasks to become healthy before stopping old ones', () => {
    const sim = new Sim({ ...updating(2, 200, 100), instances: zonal(3) });
    sim.behavior = () => 'pend';
    sim.step();
    sim.step();
    expect(shape(sim.plans)).toEqual([
      [2, 0],
      [0, 0],
    ]);
    expect(sim.eventMessages()).not.toContain(STUCK);
  });

  it('stops old pending tasks at once: they are not healthy', () => {
    const { service: svc, tasks } = updating(2, 200, 100);
    tasks.push(task('old3', 'i3', { lastStatus: 'PENDING', startedAt: undefined }));
    const sim = new Sim({ service: svc, tasks, instances: zonal(3) });
    const plan = sim.step();
    expect(plan.stop.map((s) => s.taskId)).toEqual(['old3']);
    expect(plan.place).toHaveLength(1); // 2 + 1 live at the start of the pass, cap 4
  });

  it('stops tasks of unknown deployments like those of an old one', () => {
    const tasks = [task('t1', 'i1'), task('t2', 'i2'), task('orphan', 'i3', { deploymentId: 'ecs-svc/gone' })];
    const sim = new Sim({ service: service({ desiredCount: 2 }), tasks, instances: zonal(3) });
    sim.runUntilQuiet();
    expect(
      sim
        .live()
        .map((t) => t.taskId)
        .sort(),
    ).toEqual(['t1', 't2']);
    expect(sim.plans[0]!.place).toEqual([]);
  });

  it('scaling in during a deployment keeps the minimum healthy', () => {
    const { service: svc, tasks } = updating(4, 200, 100);
    const sim = new Sim({ service: { ...svc, desiredCount: 2 }, tasks, instances: zonal(3) });
    sim.runUntilQuiet();
    // Cap 4 (200% of 2) is full at first: stop two old tasks (4 healthy, 2 needed), then start.
    expect(shape(sim.plans)).toEqual([
      [0, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ]);
    expect(sim.live()).toHaveLength(2);
    expect(sim.live().every((t) => t.deploymentId === 'ecs-svc/2')).toBe(true);
  });
});

describe('decideRolling', () => {
  const base: RollingInput = {
    desiredCount: 4,
    maxLive: 8,
    minHealthy: 4,
    liveAtStart: 4,
    healthy: 4,
    primaryOk: 0,
    retiring: 4,
    mayStart: true,
    otherStops: 0,
    settled: true,
  };
  const table: { name: string; input: Partial<RollingInput>; expected: Partial<ReturnType<typeof decideRolling>> }[] = [
    { name: 'room for all new tasks', input: {}, expected: { need: 4, start: 4, stopRetiring: 0, stuck: false } },
    { name: 'all new ones healthy', input: { liveAtStart: 8, healthy: 8, primaryOk: 4 }, expected: { need: 0, start: 0, stopRetiring: 4 } },
    { name: 'no room, no slack', input: { maxLive: 4, minHealthy: 4 }, expected: { start: 0, stopRetiring: 0, stuck: true } },
    { name: 'no room, no slack, something pending', input: { maxLive: 4, settled: false }, expected: { stuck: false } },
    { name: 'held back by backoff', input: { mayStart: false }, expected: { need: 4, start: 0, stuck: false } },
    { name: 'over the cap already', input: { liveAtStart: 9 }, expected: { start: 0 } },
    { name: 'slack of two', input: { maxLive: 4, minHealthy: 2 }, expected: { start: 0, stopRetiring: 2 } },
  ];
  it.each(table)('$name', ({ input, expected }) => {
    expect(decideRolling({ ...base, ...input })).toMatchObject(expected);
  });
});

describe('task definitions', () => {
  it('places the PRIMARY deployment task definition', () => {
    const sim = new Sim({ ...updating(1, 200, 100), instances: zonal(1) });
    const plan = sim.step();
    expect(plan.place.map((p) => [p.deploymentId, p.taskDefinition])).toEqual([['ecs-svc/2', TD2]]);
    expect(TD1).not.toBe(TD2);
  });
});
