import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { DockerDriver } from '../../../src/agent/runtime/docker/docker-driver.js';
import { ensureLocalImage, TEST_IMAGE } from '../../../src/agent/test-image.js';
import { container, makeTask, ReportLog } from '../support/runtime-harness.js';
import { describeDocker, docker, logger, taskContainers } from './docker-env.js';

const sleeper = (name: string, extra = {}) => ({
  name,
  image: TEST_IMAGE,
  command: ['sleep', '300'],
  stopTimeout: 2,
  ...extra,
});

describeDocker('docker driver: essential containers and stop', () => {
  let driver: DockerDriver;
  beforeAll(async () => {
    await ensureLocalImage(docker);
    driver = new DockerDriver({ docker, logger });
  });
  afterAll(async () => driver?.close());

  test('an essential container exit stops the task with every exit code', async () => {
    const task = makeTask('essential', [
      { name: 'app', image: TEST_IMAGE, command: ['sh', '-c', 'sleep 1; exit 3'], stopTimeout: 2 },
      sleeper('sidecar', { essential: false }),
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
    });
    expect(container(stopped, 'app')).toMatchObject({ status: 'STOPPED', exitCode: 3 });
    // sleep as PID 1 ignores SIGTERM: killed after stopTimeout.
    expect(container(stopped, 'sidecar')).toMatchObject({ status: 'STOPPED', exitCode: 137 });
    expect(await taskContainers(task.taskArn)).toHaveLength(0);
  });

  test('a non-essential container exit keeps the task running', async () => {
    const task = makeTask('nonessential', [
      sleeper('app'),
      { name: 'job', image: TEST_IMAGE, command: ['sh', '-c', 'exit 0'], essential: false },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const jobDone = await log.waitFor((r) => container(r, 'job')?.status === 'STOPPED', 'job exit');
    expect(container(jobDone, 'job')?.exitCode).toBe(0);
    expect(jobDone.status).toBe('RUNNING');
    expect(container(jobDone, 'app')?.status).toBe('RUNNING');
    await driver.stop(task.taskArn, 'Task stopped by user', 'UserInitiated');
    expect(log.last?.status).toBe('STOPPED');
  });

  test('a container that ignores SIGTERM is killed after its stopTimeout', async () => {
    const task = makeTask('stubborn', [
      {
        name: 'stubborn',
        image: TEST_IMAGE,
        command: ['sh', '-c', 'trap "" TERM; echo trapped; while true; do sleep 1; done'],
        stopTimeout: 2,
      },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    await log.status('RUNNING');
    // Signal only once the shell has installed its trap.
    await vi.waitFor(async () => expect(await driver.logs(task.taskArn, 'stubborn')).toContain('trapped'), { timeout: 10_000 });
    await driver.stop(task.taskArn, 'Scaling activity initiated by deployment', 'ServiceSchedulerInitiated');
    expect(log.last).toMatchObject({ status: 'STOPPED', stopCode: 'ServiceSchedulerInitiated' });
    expect(container(log.last, 'stubborn')?.exitCode).toBe(137);
  });

  test('a container that honours SIGTERM exits with 143 before the timeout kills it', async () => {
    const task = makeTask('graceful', [
      // Not PID 1 under docker-init, so the default SIGTERM action applies.
      sleeper('graceful', { linuxParameters: { initProcessEnabled: true }, stopTimeout: 30 }),
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    await log.status('RUNNING');
    await driver.stop(task.taskArn, 'Task stopped by user', 'UserInitiated');
    expect(container(log.last, 'graceful')?.exitCode).toBe(143);
  });
});
