import { afterAll, beforeAll, expect, test } from 'vitest';
import { DockerDriver } from '../../../src/agent/runtime/docker/docker-driver.js';
import { ensureLocalImage, TEST_IMAGE } from '../../../src/agent/test-image.js';
import { container, freePort, httpGet, makeTask, ReportLog } from '../support/runtime-harness.js';
import { describeDocker, docker, logger, taskContainers } from './docker-env.js';

describeDocker('docker driver: web task', () => {
  let driver: DockerDriver;
  beforeAll(async () => {
    await ensureLocalImage(docker);
    driver = new DockerDriver({ docker, logger });
  });
  afterAll(async () => driver?.close());

  test('serves the welcome page on the resolved host port, reports, logs, usage, stop', async () => {
    const hostPort = await freePort();
    const task = makeTask('web', [
      {
        name: 'web',
        image: TEST_IMAGE,
        command: ['sh', '-c', 'echo hello-from-berth; exec httpd -f -v -p 80 -h /www'],
        portMappings: [{ containerPort: 80, hostPort, protocol: 'tcp' }],
        memory: 64,
        stopTimeout: 2,
      },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const running = await log.status('RUNNING');
    expect(container(running, 'web')).toMatchObject({
      status: 'RUNNING',
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort, protocol: 'tcp' }],
    });
    expect(running.pullStartedAt).toBeTypeOf('number');

    const page = await httpGet(`http://127.0.0.1:${hostPort}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Welcome to Berth');

    const info = await docker.getContainer(container(running, 'web')?.runtimeId as string).inspect();
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(info.Name).toBe(`/berth-${task.taskId}-web`);

    expect(await driver.logs(task.taskArn, 'web')).toContain('hello-from-berth');
    const usage = await driver.usage();
    expect(usage.find((u) => u.taskArn === task.taskArn)?.memoryBytes).toBeGreaterThan(0);

    // Idempotent start: same task again creates nothing new.
    await driver.start(task, log.listener);
    expect(await taskContainers(task.taskArn)).toHaveLength(1);

    await driver.stop(task.taskArn, 'Task stopped by user', 'UserInitiated');
    expect(log.last).toMatchObject({ status: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
    // busybox httpd as PID 1 ignores SIGTERM, so Docker kills it after the stop timeout.
    expect(container(log.last, 'web')).toMatchObject({ status: 'STOPPED', exitCode: 137 });
    expect(await taskContainers(task.taskArn)).toHaveLength(0);
  });
});
