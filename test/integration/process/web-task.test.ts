import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProcessDriver } from '../../../src/agent/runtime/process/process-driver.js';
import { isAlive } from '../../../src/agent/runtime/process/proc-stats.js';
import { container, freePort, httpGet, makeTask, ReportLog } from '../support/runtime-harness.js';
import { NODE_WEB, logger, tempStateDir } from './process-env.js';

describe('process driver: web task', () => {
  const state = tempStateDir();
  let driver: ProcessDriver;
  beforeAll(() => {
    driver = new ProcessDriver({ stateDir: state.dir, logger });
  });
  afterAll(async () => {
    await driver.close();
    state.cleanup();
  });

  test('serves a page on the resolved host port, reports, logs, usage, stop, remove', async () => {
    const hostPort = await freePort();
    const task = makeTask('web', [
      { name: 'web', entryPoint: NODE_WEB, portMappings: [{ containerPort: 80, hostPort, protocol: 'tcp' }], stopTimeout: 2 },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const running = await log.status('RUNNING');
    const web = container(running, 'web');
    expect(web).toMatchObject({
      status: 'RUNNING',
      runtimeId: `${task.taskId}/web`,
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort, protocol: 'tcp' }],
    });
    expect(web?.pid).toBeTypeOf('number');

    const page = await httpGet(`http://127.0.0.1:${hostPort}/`);
    expect(page.body).toContain('Welcome to Berth');
    expect(await driver.logs(task.taskArn, 'web')).toContain('hello-from-berth');
    const usage = await driver.usage();
    expect(usage.find((u) => u.taskArn === task.taskArn)?.memoryBytes).toBeGreaterThan(0);

    await driver.start(task, log.listener); // idempotent
    expect(container(log.last, 'web')?.pid).toBe(web?.pid);

    await driver.stop(task.taskArn, 'Task stopped by user', 'UserInitiated');
    expect(log.last).toMatchObject({ status: 'STOPPED', stopCode: 'UserInitiated' });
    // Node exits on SIGTERM: 128 + 15.
    expect(container(log.last, 'web')?.exitCode).toBe(143);
    expect(isAlive(web?.pid as number)).toBe(false);
    expect(await driver.logs(task.taskArn, 'web', { tail: 1 })).toBe('hello-from-berth\n');

    await driver.remove(task.taskArn);
    expect(existsSync(driver.store.taskDir(task.taskId))).toBe(false);
  });

  test('a command that is not on PATH fails the task with CannotCreateContainerError', async () => {
    const task = makeTask('nocmd', [{ name: 'app', command: ['berth-no-such-command-xyz'] }]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^CannotCreateContainerError: .*berth-no-such-command-xyz not found/);
  });

  test('a task id that cannot be a directory name fails the task instead of escaping the state dir', async () => {
    const task = { ...makeTask('badid', [{ name: 'app', command: ['true'] }]), taskId: '../escape' };
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^ResourceInitializationError: invalid task id/);
  });
});
