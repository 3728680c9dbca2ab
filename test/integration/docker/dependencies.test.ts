import { afterAll, beforeAll, expect, test } from 'vitest';
import { DockerDriver } from '../../../src/agent/runtime/docker/docker-driver.js';
import { ensureLocalImage, TEST_IMAGE } from '../../../src/agent/test-image.js';
import { container, makeTask, ReportLog } from '../support/runtime-harness.js';
import { describeDocker, docker, logger } from './docker-env.js';

const web = (name: string, extra = {}) => ({
  name,
  image: TEST_IMAGE,
  command: ['httpd', '-f', '-p', '80', '-h', '/www'],
  stopTimeout: 2,
  ...extra,
});

describeDocker('docker driver: links, dependsOn, health checks', () => {
  let driver: DockerDriver;
  beforeAll(async () => {
    await ensureLocalImage(docker);
    driver = new DockerDriver({ docker, logger });
  });
  afterAll(async () => driver?.close());

  test('a container reaches a linked container by its alias', async () => {
    const task = makeTask('links', [
      web('web', { essential: false }),
      {
        name: 'client',
        image: TEST_IMAGE,
        links: ['web:backend'],
        command: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://backend:80/ && exit 0; sleep 0.5; done; exit 1'],
        essential: false,
      },
      { name: 'keepalive', image: TEST_IMAGE, command: ['sleep', '300'], stopTimeout: 2 },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const done = await log.waitFor((r) => container(r, 'client')?.status === 'STOPPED', 'client exit');
    expect(container(done, 'client')?.exitCode).toBe(0);
    expect(await driver.logs(task.taskArn, 'client')).toContain('Welcome to Berth');
    await driver.stop(task.taskArn, 'done', 'UserInitiated');
  });

  test('dependsOn SUCCESS and HEALTHY gate container starts', async () => {
    const task = makeTask('depends', [
      { name: 'migrate', image: TEST_IMAGE, command: ['sh', '-c', 'sleep 1; exit 0'], essential: false },
      web('db', {
        essential: false,
        healthCheck: { command: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:80/'], interval: 1, timeout: 1, retries: 3 },
      }),
      {
        name: 'app',
        image: TEST_IMAGE,
        command: ['sleep', '300'],
        stopTimeout: 2,
        dependsOn: [
          { containerName: 'migrate', condition: 'SUCCESS' },
          { containerName: 'db', condition: 'HEALTHY' },
        ],
      },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const running = await log.status('RUNNING');
    const healthyAt = log.reports.find((r) => container(r, 'db')?.health === 'HEALTHY');
    const appStarted = log.reports.findIndex((r) => container(r, 'app')?.status === 'RUNNING');
    expect(healthyAt).toBeDefined();
    expect(log.reports.indexOf(healthyAt as never)).toBeLessThan(appStarted);
    expect(container(running, 'migrate')).toMatchObject({ status: 'STOPPED', exitCode: 0 });
    expect(container(running, 'app')?.startedAt).toBeGreaterThanOrEqual(container(running, 'migrate')?.stoppedAt ?? Infinity);

    // Stop order: app (the dependent) stops before db.
    await driver.stop(task.taskArn, 'done', 'UserInitiated');
    const stoppedOrder = log.reports
      .map((r) => ['app', 'db'].filter((n) => container(r, n)?.status === 'STOPPED'))
      .find((s) => s.length === 1);
    expect(stoppedOrder).toEqual(['app']);
  });

  test('a SUCCESS dependency that fails stops the task before the dependent starts', async () => {
    const task = makeTask('depends-fail', [
      { name: 'migrate', image: TEST_IMAGE, command: ['sh', '-c', 'exit 2'], essential: false },
      { name: 'app', image: TEST_IMAGE, command: ['sleep', '300'], dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const stopped = await log.status('STOPPED');
    expect(stopped.stopCode).toBe('TaskFailedToStart');
    expect(stopped.stoppedReason).toMatch(/^DependencyError: .*migrate \(SUCCESS\).*exited with code 2/);
    expect(container(stopped, 'app')?.startedAt).toBeUndefined();
  });

  test('a failing health check makes the container and the task UNHEALTHY', async () => {
    const task = makeTask('unhealthy', [
      web('web', { healthCheck: { command: ['CMD-SHELL', 'exit 1'], interval: 1, timeout: 1, retries: 1 } }),
    ]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    const r = await log.waitFor((x) => x.health === 'UNHEALTHY', 'task UNHEALTHY');
    expect(container(r, 'web')?.health).toBe('UNHEALTHY');
    await driver.stop(task.taskArn, 'Task failed container health checks', 'ServiceSchedulerInitiated');
  });
});
