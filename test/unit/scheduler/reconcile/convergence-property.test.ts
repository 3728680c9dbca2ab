/**
 * Property: from any reasonable starting point (scaled, mid-deployment,
 * draining or lost instances), applying each plan and reconciling again
 * converges to a steady service whose next plan is empty and changes
 * nothing, and no pass ever
 * takes live tasks above maximumPercent or healthy tasks below
 * minimumHealthyPercent (unless they were already there).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../../../src/domain/task.js';
import type { PlacementInstance } from '../../../../src/scheduler/placement/index.js';
import { isActive, isHealthy, planService, taskBounds, type ReconcileTask } from '../../../../src/scheduler/reconcile/index.js';
import { deployment, ids, instance, service, Sim, T0, T0S, task, TD1, TD2, TDS, ZONES } from './harness.js';

/** More runs for a soak: RECONCILE_PROPERTY_RUNS=20000 npx vitest run … */
const RUNS = Number(process.env.RECONCILE_PROPERTY_RUNS ?? 300);

const CONFIGS: [number, number][] = [
  [200, 100],
  [100, 50],
  [100, 0],
  [150, 50],
  [200, 0],
  [200, 50],
  [125, 75],
  [100, 100],
];

const scenario = fc.record({
  desired: fc.integer({ min: 0, max: 6 }),
  config: fc.constantFrom(...CONFIGS),
  instanceCount: fc.integer({ min: 3, max: 6 }),
  draining: fc.boolean(),
  lost: fc.boolean(),
  rolling: fc.boolean(),
  strategy: fc.constantFrom('default', 'binpack', 'spreadInstance'),
  oldTasks: fc.array(fc.record({ on: fc.nat(), status: fc.constantFrom<TaskStatus>('RUNNING', 'RUNNING', 'RUNNING', 'PENDING') }), {
    maxLength: 8,
  }),
  newTasks: fc.array(fc.record({ on: fc.nat(), status: fc.constantFrom<TaskStatus>('RUNNING', 'PENDING') }), { maxLength: 3 }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  /** Per pass: does the agent start pending tasks right away (false = they stay PENDING a pass longer)? */
  agentKeepsUp: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): Sim {
  const instances: PlacementInstance[] = Array.from({ length: s.instanceCount }, (_, i) => instance(`i${i + 1}`, ZONES[i % 3]));
  // i1 may be draining, i2 may be lost; i3 and up stay usable.
  if (s.draining) instances[0] = { ...instances[0]!, status: 'DRAINING' };
  const [max, min] = s.config;
  const strategy =
    s.strategy === 'binpack'
      ? [{ type: 'binpack' as const, field: 'memory' }]
      : s.strategy === 'spreadInstance'
        ? [{ type: 'spread' as const, field: 'instanceId' }]
        : [];
  const deployments = s.rolling
    ? [
        deployment('ecs-svc/2', {
          taskDefinition: TD2,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment ecs-svc/2 in progress.',
          createdAt: T0S - 60,
        }),
        deployment('ecs-svc/1', { status: 'ACTIVE' }),
      ]
    : [deployment('ecs-svc/1')];
  const svc = service({
    desiredCount: s.desired,
    taskDefinition: deployments[0]!.taskDefinition,
    deployments,
    deploymentConfiguration: { maximumPercent: max, minimumHealthyPercent: min },
    placementStrategy: strategy,
  });
  const mk = (prefix: string, deploymentId: string, list: Scenario['oldTasks']) =>
    list.map((t, i) =>
      task(`${prefix}${i}`, `i${(t.on % s.instanceCount) + 1}`, {
        deploymentId,
        lastStatus: t.status,
        ...(t.status === 'RUNNING' ? {} : { startedAt: undefined }),
      }),
    );
  const tasks: ReconcileTask[] = [
    ...mk('old', 'ecs-svc/1', s.oldTasks),
    ...(s.rolling ? mk('cur', 'ecs-svc/2', s.newTasks).map((t) => ({ ...t, taskDefinition: TD2 })) : []),
  ];
  const sim = new Sim({ service: svc, tasks, instances });
  if (s.lost) sim.lost.add('i2');
  sim.seed = s.seed;
  sim.autoStart = true;
  return sim;
}

/** A configuration that can neither start above nor stop below the desired count. */
const frozen = (s: Scenario) => {
  const { maxLive, minHealthy } = taskBounds(s.desired, { maximumPercent: s.config[0], minimumHealthyPercent: s.config[1] });
  return s.desired > 0 && maxLive === s.desired && minHealthy === s.desired;
};

describe('reconcile converges (property)', () => {
  it('applying plans reaches a steady state within the percent bounds, and stays there', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const sim = build(s);
        const { maxLive, minHealthy } = taskBounds(s.desired, { maximumPercent: s.config[0], minimumHealthyPercent: s.config[1] });
        const now = () => sim.now;
        let quietAt = -1;
        for (let step = 0; step < 40; step++) {
          sim.autoStart = s.agentKeepsUp[step] ?? true;
          const lostIds = new Set(
            sim
              .live()
              .filter((t) => sim.lost.has(t.containerInstanceId ?? ''))
              .map((t) => t.taskId),
          );
          const before = sim.live().filter((t) => !lostIds.has(t.taskId));
          const activeBefore = before.filter(isActive).length;
          const healthyBefore = before.filter((t) => isHealthy(t, now())).length;
          const instancesBefore = sim.currentInstances();

          const plan = sim.step();

          const stopped = new Set(plan.stop.map((x) => x.taskId));
          const stays = before.filter((t) => !stopped.has(t.taskId));
          const activeAfter = stays.filter(isActive).length + plan.place.length;
          const healthyAfter = stays.filter((t) => isHealthy(t, now())).length;
          expect(activeAfter).toBeLessThanOrEqual(Math.max(maxLive, activeBefore));
          expect(healthyAfter).toBeGreaterThanOrEqual(Math.min(healthyBefore, minHealthy));
          for (const p of plan.place) {
            if (s.lost) expect(p.placement.instanceId).not.toBe('i2');
            expect(instancesBefore.find((i) => i.id === p.placement.instanceId)!.status).toBe('ACTIVE');
          }
          if (plan.stop.length === 0 && plan.lost.length === 0) {
            // The working copy the pass returned matches what the store now reports.
            const reported = sim.currentInstances();
            sim.lastInstances.forEach((inst, i) => {
              expect(inst.remainingCpu).toBe(reported[i]!.remainingCpu);
              expect(inst.remainingMemory).toBe(reported[i]!.remainingMemory);
              expect(inst.taskGroups).toEqual(reported[i]!.taskGroups);
            });
          }
          const quiet = plan.place.length === 0 && plan.stop.length === 0 && plan.lost.length === 0;
          if (quiet && (plan.steady || (frozen(s) && step > s.agentKeepsUp.length))) {
            quietAt = step;
            break;
          }
        }
        expect(quietAt).toBeGreaterThanOrEqual(0);

        const again = sim.step();
        expect(again).toMatchObject({ place: [], stop: [], lost: [], changed: false });
        if (frozen(s) && !again.steady) {
          // 100/100-like with tasks to replace: legitimately stuck, and the service says so.
          expect(s.rolling || s.draining).toBe(true);
          expect(sim.service.events.map((e) => e.message)).toContain(
            '(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
          );
          return;
        }
        expect(again.steady).toBe(true);
        const live = sim.live();
        expect(live).toHaveLength(s.desired);
        const primary = s.rolling ? 'ecs-svc/2' : 'ecs-svc/1';
        expect(live.every((t) => t.deploymentId === primary && t.lastStatus === 'RUNNING')).toBe(true);
        expect(live.every((t) => t.containerInstanceId !== 'i1' || !s.draining)).toBe(true);
        expect(live.every((t) => t.containerInstanceId !== 'i2' || !s.lost)).toBe(true);
        expect(sim.service.deployments).toHaveLength(1);
        expect(sim.service.deployments[0]).toMatchObject({ id: primary, rolloutState: 'COMPLETED', taskDefinition: s.rolling ? TD2 : TD1 });
        expect(sim.service.events.filter((e) => e.message === '(service web) has reached a steady state.')).toHaveLength(1);
        expect(sim.service.events[0]!.message).toBe('(service web) has reached a steady state.');
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('reconcile is a pure function (property)', () => {
  it('never writes its inputs and gives the same plan for the same snapshot and seed', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const sim = build(s);
        const input = () => ({
          service: sim.service,
          tasks: sim.view(),
          instances: sim.currentInstances(),
          lostInstanceIds: sim.lost,
          taskDefinitions: TDS,
          now: T0,
          seed: s.seed,
        });
        const frozenInput = deepFreeze(input());
        const first = planService({ ...frozenInput, ...ids() });
        const second = planService({ ...input(), ...ids() });
        expect(second).toEqual(first);
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 3)) },
    );
  });
});
