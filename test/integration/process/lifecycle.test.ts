import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ProcessDriver } from '../../../src/agent/runtime/process/process-driver.js';
import { container, makeTask, ReportLog } from '../support/runtime-harness.js';
import { logger, tempStateDir } from './process-env.js';

const sh = (name: string, script: string, extra = {}) => ({ name, command: ['sh', '-c', script], stopTimeout: 2, ...extra });

describe('process driver: essential containers, stop, dependencies, health', () => {
  const state = tempStateDir();
  let driver: ProcessDriver;
  beforeAll(() => {
    driver = new ProcessDriver({ stateDir: state.dir, logger });
  });
  afterAll(async () => {
    await driver.close();
    state.cleanup();
  });

  test('an essential process exit stops the task with every exit code', async () => {
    const task = makeTask('essential', [sh('app', 'sleep 0.5; exit 3'), sh('sidecar', 'exec sleep 300', { essential: false })]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(container(stopped, 'app')?.exitCode).toBe(3);
    expect(container(stopped, 'sidecar')?.exitCode).toBe(143);
  });

  test('a non-essential process exit keeps the task running', async () => {
    const task = makeTask('nonessential', [sh('app', 'exec sleep 300'), sh('job', 'exit 0', { essential: false })]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const jobDone = await log.waitFor((r) => container(r, 'job')?.status === 'STOPPED', 'job exit');
    expect(container(jobDone, 'job')?.exitCode).toBe(0);
    expect(jobDone.status).toBe('RUNNING');
    await driver.stop(task.taskArn, 'done', 'UserInitiated');
    expect(log.last?.status).toBe('STOPPED');
  });

  test('a process group ignoring SIGTERM is killed after stopTimeout', async () => {
    const task = makeTask('stubborn', [sh('stubborn', 'trap "" TERM; echo trapped; while true; do sleep 1; done')]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    await log.status('RUNNING');
    // Signal only once the shell has installed its trap.
    await vi.waitFor(async () => expect(await driver.logs(task.taskArn, 'stubborn')).toContain('trapped'), { timeout: 10_000 });
    await driver.stop(task.taskArn, 'Task stopped by user', 'UserInitiated');
    expect(container(log.last, 'stubborn')?.exitCode).toBe(137);
  });

  test('dependsOn SUCCESS and HEALTHY gate process starts; stop runs in reverse order', async () => {
    const task = makeTask('depends', [
      sh('migrate', 'sleep 0.5; exit 0', { essential: false }),
      sh('db', 'touch ready; exec sleep 300', {
        essential: false,
        healthCheck: { command: ['CMD-SHELL', 'test -f ready'], interval: 1, timeout: 1, retries: 2 },
      }),
      sh('app', 'exec sleep 300', {
        dependsOn: [
          { containerName: 'migrate', condition: 'SUCCESS' },
          { containerName: 'db', condition: 'HEALTHY' },
        ],
      }),
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const running = await log.status('RUNNING');
    const healthy = log.reports.findIndex((r) => container(r, 'db')?.health === 'HEALTHY');
    const appStarted = log.reports.findIndex((r) => container(r, 'app')?.status === 'RUNNING');
    expect(healthy).toBeGreaterThanOrEqual(0);
    expect(healthy).toBeLessThan(appStarted);
    expect(container(running, 'migrate')).toMatchObject({ status: 'STOPPED', exitCode: 0 });

    await driver.stop(task.taskArn, 'done', 'UserInitiated');
    const firstStopped = log.reports
      .map((r) => ['app', 'db'].filter((n) => container(r, n)?.status === 'STOPPED'))
      .find((s) => s.length === 1);
    expect(firstStopped).toEqual(['app']);
  });

  test('a failing health check makes the container and the task UNHEALTHY', async () => {
    const task = makeTask('unhealthy', [
      sh('web', 'exec sleep 300', { healthCheck: { command: ['CMD-SHELL', 'exit 1'], interval: 1, timeout: 1, retries: 1 } }),
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const r = await log.waitFor((x) => x.health === 'UNHEALTHY', 'task UNHEALTHY');
    expect(container(r, 'web')?.health).toBe('UNHEALTHY');
    await driver.stop(task.taskArn, 'Task failed container health checks', 'ServiceSchedulerInitiated');
  });
});
