import { afterAll, describe, expect, test } from 'vitest';
import { ProcessDriver } from '../../../src/agent/runtime/process/process-driver.js';
import { isAlive, procSnapshot } from '../../../src/agent/runtime/process/proc-stats.js';
import { container, makeTask, ReportLog } from '../support/runtime-harness.js';
import { logger, tempStateDir } from './process-env.js';

describe('process driver: agent restart', () => {
  const state = tempStateDir();
  const drivers: ProcessDriver[] = [];
  const newDriver = () => {
    const d = new ProcessDriver({ stateDir: state.dir, pollIntervalMs: 100, logger });
    drivers.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of drivers) await d.close();
    state.cleanup();
  });

  test('a new driver adopts running processes from pid files without spawning duplicates', async () => {
    const task = makeTask('adopt', [
      { name: 'app', command: ['sh', '-c', 'exec sleep 300'], stopTimeout: 2, environment: [{ name: 'MARK', value: 'x' }] },
    ]);
    const first = newDriver();
    const log1 = new ReportLog();
    await first.start(task, log1.listener);
    const pid = container(await log1.status('RUNNING'), 'app')?.pid as number;
    await first.close(); // agent SIGTERM: the process keeps running
    expect(isAlive(pid)).toBe(true);

    const second = newDriver();
    const log2 = new ReportLog();
    const adopted = await second.adopt(() => log2.listener);
    const mine = adopted.find((r) => r.taskArn === task.taskArn);
    expect(mine?.status).toBe('RUNNING');
    expect(container(mine, 'app')?.pid).toBe(pid);

    await second.start(task, log2.listener);
    const sleeps = procSnapshot().filter((p) => p.pgrp === pid);
    expect(sleeps).toHaveLength(1);

    await second.stop(task.taskArn, 'Task stopped by user', 'UserInitiated');
    expect(log2.last).toMatchObject({ status: 'STOPPED', stopCode: 'UserInitiated' });
    expect(isAlive(pid)).toBe(false);
  });

  test('an adopted process that dies is seen by polling and stops the task (exit code unknown)', async () => {
    const task = makeTask('adopt-exit', [{ name: 'app', command: ['sleep', '300'] }]);
    const first = newDriver();
    const log1 = new ReportLog();
    await first.start(task, log1.listener);
    const pid = container(await log1.status('RUNNING'), 'app')?.pid as number;
    await first.close();

    const second = newDriver();
    const log2 = new ReportLog();
    await second.adopt(() => log2.listener);
    process.kill(pid, 'SIGKILL');
    const stopped = await log2.status('STOPPED');
    expect(stopped.stopCode).toBe('EssentialContainerExited');
    expect(container(stopped, 'app')?.exitCode).toBeUndefined();
    expect(container(stopped, 'app')?.reason).toMatch(/exit code unknown/);
  });
});
