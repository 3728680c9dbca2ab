import { afterAll, beforeAll, expect, test } from 'vitest';
import { DockerDriver } from '../../../src/agent/runtime/docker/docker-driver.js';
import { ensureLocalImage, TEST_IMAGE } from '../../../src/agent/test-image.js';
import { makeTask, ReportLog } from '../support/runtime-harness.js';
import { describeDocker, docker, logger, taskContainers } from './docker-env.js';

describeDocker('docker driver: launch failures', () => {
  let driver: DockerDriver;
  beforeAll(async () => {
    await ensureLocalImage(docker);
    driver = new DockerDriver({ docker, logger });
  });
  afterAll(async () => driver?.close());

  test('an image that cannot be pulled fails the task with CannotPullContainerError', async () => {
    // A registry on a closed loopback port: refused at once, no outside traffic.
    const task = makeTask('nopull', [{ name: 'app', image: '127.0.0.1:1/berth-test/missing:1' }]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^CannotPullContainerError: .+/);
    expect(stopped.pullStartedAt).toBeTypeOf('number');
    expect(stopped.pullStoppedAt).toBeTypeOf('number');
  });

  test('a container Docker refuses to create fails the task with CannotCreateContainerError', async () => {
    // Docker's minimum memory limit is 6 MiB.
    const task = makeTask('nocreate', [
      { name: 'ok', image: TEST_IMAGE, command: ['sleep', '300'], stopTimeout: 2 },
      { name: 'tiny', image: TEST_IMAGE, command: ['sleep', '300'], memory: 1 },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^CannotCreateContainerError: .*memory/i);
    expect(await taskContainers(task.taskArn)).toHaveLength(0);
  });

  test('an unknown dependency fails the task before anything is created', async () => {
    const task = makeTask('baddeps', [{ name: 'app', image: TEST_IMAGE, dependsOn: [{ containerName: 'ghost', condition: 'START' }] }]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped).toMatchObject({ stopCode: 'TaskFailedToStart' });
    expect(stopped.stoppedReason).toContain('unknown container ghost');
  });
});
