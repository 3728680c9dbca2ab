import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HollowBehavior } from '../../../../src/agent/hollow/hollow-behavior.js';
import { HollowDriver } from '../../../../src/agent/hollow/hollow-driver.js';
import { NotFoundError } from '../../../../src/agent/runtime/supervision/errors.js';
import type { ContainerSpec, TaskReport, TaskSpec } from '../../../../src/protocol/index.js';
import { makeTaskSpec } from '../../../support/task-specs.js';

const T0 = Date.UTC(2025, 0, 1);

function withEnv(vars: Record<string, string>, extra: Partial<ContainerSpec> = {}): TaskSpec {
  const base = makeTaskSpec();
  return {
    ...base,
    containers: [{ ...base.containers[0]!, environment: Object.entries(vars).map(([name, value]) => ({ name, value })), ...extra }],
  };
}

/** Starts a task, recording its reports; `started` resolves when the driver's start() does. */
function launch(driver: HollowDriver, spec: TaskSpec) {
  const reports: TaskReport[] = [];
  let resolved = false;
  const started = driver
    .start(spec, (r) => reports.push(r))
    .then(() => {
      resolved = true;
    });
  return { reports, started, isStarted: () => resolved, last: () => reports.at(-1)! };
}

describe('HollowDriver', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const driver = (behavior: Partial<HollowBehavior> = {}, seed = 1) => new HollowDriver({ seed, behavior });

  it('is PENDING for the start delay, then RUNNING with the resolved host ports', async () => {
    const d = driver({ startDelayMs: 1000 });
    const t = launch(d, makeTaskSpec());
    expect(t.reports).toMatchObject([{ status: 'PENDING', pullStartedAt: T0, containers: [{ name: 'web', status: 'PENDING' }] }]);
    await vi.advanceTimersByTimeAsync(999);
    expect(t.isStarted()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.isStarted()).toBe(true);
    expect(t.last()).toMatchObject({
      status: 'RUNNING',
      health: 'UNKNOWN',
      pullStoppedAt: T0 + 1000,
      startedAt: T0 + 1000,
      containers: [
        {
          name: 'web',
          status: 'RUNNING',
          startedAt: T0 + 1000,
          networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' }],
        },
      ],
    });
    expect(t.last().containers[0]!.runtimeId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('adds seeded start jitter: same seed, same delays', async () => {
    const specs = Array.from({ length: 5 }, () => makeTaskSpec());
    const delays = async (seed: number) => {
      const d = driver({ startDelayMs: 100, startJitterMs: 1000 }, seed);
      const runs = specs.map((s) => launch(d, s));
      await vi.advanceTimersByTimeAsync(1100);
      return runs.map((r) => r.last().startedAt! - r.last().pullStartedAt!);
    };
    const first = await delays(3);
    expect(await delays(3)).toEqual(first);
    expect(new Set(first).size).toBe(5);
    expect(first.every((ms) => ms >= 100 && ms < 1100)).toBe(true);
  });

  it('fails the seeded share of tasks to start, the same ones for the same seed', async () => {
    const specs = Array.from({ length: 200 }, () => makeTaskSpec());
    const failed = (seed: number, failRate = 0.3) => {
      const d = driver({ failRate }, seed);
      return specs.filter((s) => launch(d, s).last().status === 'STOPPED').map((s) => s.taskArn);
    };
    const a = failed(11);
    expect(failed(11)).toEqual(a);
    expect(failed(12)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(30);
    expect(a.length).toBeLessThan(90);
    expect(failed(11, 0)).toEqual([]);
    expect(failed(11, 1)).toHaveLength(200);
  });

  it('reports a failed start as TaskFailedToStart with a pull error', async () => {
    const t = launch(driver({ failRate: 1, startDelayMs: 50 }), makeTaskSpec());
    await vi.advanceTimersByTimeAsync(50);
    await t.started;
    const reason = 'CannotPullContainerError: hollow: simulated pull failure for nginx:alpine';
    expect(t.last()).toMatchObject({ status: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: reason, stoppedAt: T0 + 50 });
    expect(t.last().containers).toMatchObject([{ status: 'STOPPED', reason }]);
  });

  it('lets a task definition override the fleet through container environment', async () => {
    const d = driver({ failRate: 0 });
    expect(launch(d, withEnv({ HOLLOW_FAIL_RATE: '1' })).last().stopCode).toBe('TaskFailedToStart');
    expect(launch(d, withEnv({ HOLLOW_FAIL_RATE: 'x' })).last().stoppedReason).toBe(
      'CannotStartContainerError: hollow: HOLLOW_FAIL_RATE="x" is not a number from 0 to 1',
    );
  });

  it('stops the task when its essential container exits after HOLLOW_EXIT_AFTER_MS', async () => {
    const spec = makeTaskSpec({
      containers: [
        {
          name: 'app',
          image: 'app',
          environment: [
            { name: 'HOLLOW_EXIT_AFTER_MS', value: '2000' },
            { name: 'HOLLOW_EXIT_CODE', value: '3' },
          ],
        },
        { name: 'log-router', image: 'fluent-bit', essential: false },
      ],
    });
    const t = launch(driver(), spec);
    await vi.advanceTimersByTimeAsync(1999);
    expect(t.last().status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.last()).toMatchObject({
      status: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      stoppedAt: T0 + 2000,
      containers: [
        { name: 'app', status: 'STOPPED', exitCode: 3 },
        { name: 'log-router', status: 'STOPPED', exitCode: 0 },
      ],
    });
  });

  it('keeps the task running when a non-essential container exits', async () => {
    const spec = makeTaskSpec({
      containers: [
        { name: 'app', image: 'app' },
        { name: 'init', image: 'busybox', essential: false, environment: [{ name: 'HOLLOW_EXIT_AFTER_MS', value: '10' }] },
      ],
    });
    const t = launch(driver(), spec);
    await vi.advanceTimersByTimeAsync(10);
    expect(t.last()).toMatchObject({ status: 'RUNNING', containers: [{ status: 'RUNNING' }, { status: 'STOPPED', exitCode: 0 }] });
  });

  it('reports health after the health delay', async () => {
    const t = launch(driver({ healthDelayMs: 500 }), withEnv({ HOLLOW_HEALTH: 'UNHEALTHY' }));
    expect(t.last()).toMatchObject({ status: 'RUNNING', health: 'UNKNOWN', containers: [{ health: 'UNKNOWN' }] });
    await vi.advanceTimersByTimeAsync(500);
    expect(t.last()).toMatchObject({ status: 'RUNNING', health: 'UNHEALTHY', containers: [{ health: 'UNHEALTHY' }] });
    const checked = launch(driver(), withEnv({}, { healthCheck: { command: ['CMD-SHELL', 'true'] } }));
    expect(checked.last()).toMatchObject({ health: 'HEALTHY', containers: [{ health: 'HEALTHY' }] });
  });

  it('stops after the stop delay with the given reason; a pending task stops at once', async () => {
    const d = driver({ stopDelayMs: 300 });
    const running = launch(d, makeTaskSpec());
    let stopped = false;
    const stopping = d.stop(running.last().taskArn, 'Task stopped by user', 'UserInitiated').then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(running.last()).toMatchObject({
      status: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'Task stopped by user',
      containers: [{ exitCode: 0 }],
    });

    const slow = driver({ startDelayMs: 10_000 });
    const p = launch(slow, makeTaskSpec());
    await slow.stop(p.last().taskArn, 'Scaling activity initiated by deployment', 'ServiceSchedulerInitiated');
    await p.started;
    expect(p.last()).toMatchObject({ status: 'STOPPED', containers: [{ status: 'STOPPED' }] });
    expect(p.last().containers[0]).not.toHaveProperty('exitCode');
  });

  it('keeps simulating while closed and catches up on adopt', async () => {
    const d = driver();
    const t = launch(d, withEnv({ HOLLOW_EXIT_AFTER_MS: '1000' }));
    await d.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.last().status).toBe('RUNNING'); // nobody was listening
    const adopted: TaskReport[] = [];
    const reports = await d.adopt(() => (r) => adopted.push(r));
    expect(reports).toMatchObject([{ status: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: T0 + 1000 }]);
  });

  it('resumes timers on adopt for tasks still running', async () => {
    const d = driver();
    launch(d, withEnv({ HOLLOW_EXIT_AFTER_MS: '1000' }));
    await d.close();
    const adopted: TaskReport[] = [];
    expect(await d.adopt(() => (r) => adopted.push(r))).toMatchObject([{ status: 'RUNNING' }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(adopted).toMatchObject([{ status: 'STOPPED' }]);
  });

  it('is idempotent for a task it already runs', async () => {
    const d = driver();
    const spec = makeTaskSpec();
    launch(d, spec);
    const again = launch(d, spec);
    await again.started;
    expect(again.reports).toMatchObject([{ status: 'RUNNING' }]);
    expect(d.snapshot()).toHaveLength(1);
  });

  it('removes a task: stopped first, then forgotten', async () => {
    const d = driver();
    const t = launch(d, makeTaskSpec());
    await d.remove(t.last().taskArn);
    expect(t.last()).toMatchObject({ status: 'STOPPED', stoppedReason: 'Task removed by the agent' });
    expect(d.snapshot()).toEqual([]);
    await expect(d.logs(t.last().taskArn)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('makes up usage for running tasks only, deterministically', async () => {
    const usage = async (seed: number) => {
      const d = driver({}, seed);
      const specs = [makeTaskSpec({ taskId: 'a' }), makeTaskSpec({ taskId: 'b' })];
      specs.forEach((s) => launch(d, s));
      await d.stop(specs[1]!.taskArn, 'done', 'UserInitiated');
      return d.usage();
    };
    const u = await usage(5);
    expect(u).toHaveLength(1);
    expect(u[0]!.cpuPercent).toBeGreaterThan(0);
    expect(u[0]!.memoryBytes).toBeGreaterThan(0);
    expect(u[0]!.memoryBytes).toBeLessThanOrEqual(128 * 2 ** 20);
    expect(await usage(5)).toEqual(u);
  });

  it('writes a simulated log', async () => {
    const d = driver();
    const t = launch(d, withEnv({ HOLLOW_EXIT_AFTER_MS: '0', HOLLOW_EXIT_CODE: '1' }));
    expect(await d.logs(t.last().taskArn, undefined, { tail: 2 })).toBe(
      `${new Date(T0).toISOString()} hollow: started\n${new Date(T0).toISOString()} hollow: exited with code 1\n`,
    );
    await expect(d.logs(t.last().taskArn, 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
