import { afterAll, beforeAll, expect, test } from 'vitest';
import { DockerDriver } from '../../../src/agent/runtime/docker/docker-driver.js';
import type { TaskReport } from '../../../src/protocol/index.js';
import { ensureLocalImage, TEST_IMAGE } from '../../../src/agent/test-image.js';
import { container, makeTask, ReportLog } from '../support/runtime-harness.js';
import { describeDocker, docker, logger, taskContainers } from './docker-env.js';

describeDocker('docker driver: agent restart', () => {
  const drivers: DockerDriver[] = [];
  const newDriver = () => {
    const d = new DockerDriver({ docker, logger, cluster: 'test' });
    drivers.push(d);
    return d;
  };
  beforeAll(async () => {
    await ensureLocalImage(docker);
  });
  afterAll(async () => {
    for (const d of drivers) await d.close();
  });

  test('a new driver adopts running tasks without duplicating containers and keeps watching them', async () => {
    const task = makeTask('adopt', [{ name: 'app', image: TEST_IMAGE, command: ['sleep', '300'], stopTimeout: 2 }]);
    const first = newDriver();
    const log1 = new ReportLog();
    await first.start(task, log1.listener);
    const running = await log1.status('RUNNING');
    await first.close(); // agent SIGTERM: the task keeps running

    const second = newDriver();
    const log2 = new ReportLog();
    const adopted = await second.adopt((arn) => (arn === task.taskArn ? log2.listener : () => undefined));
    const mine = adopted.find((r: TaskReport) => r.taskArn === task.taskArn);
    expect(mine?.status).toBe('RUNNING');
    expect(container(mine, 'app')?.runtimeId).toBe(container(running, 'app')?.runtimeId);

    await second.start(task, log2.listener);
    expect(await taskContainers(task.taskArn)).toHaveLength(1);

    // Still watched: an exit seen through events stops the task.
    await docker.getContainer(container(running, 'app')?.runtimeId as string).kill({ signal: 'SIGKILL' });
    const stopped = await log2.status('STOPPED');
    expect(stopped.stopCode).toBe('EssentialContainerExited');
    expect(container(stopped, 'app')?.exitCode).toBe(137);
  });

  test('a task whose containers exited while the agent was down comes back STOPPED', async () => {
    const task = makeTask('adopt-exited', [{ name: 'app', image: TEST_IMAGE, command: ['sh', '-c', 'sleep 2; exit 4'] }]);
    const first = newDriver();
    const log1 = new ReportLog();
    await first.start(task, log1.listener);
    await log1.status('RUNNING');
    await first.close();
    await docker.getContainer(container(log1.last, 'app')?.runtimeId as string).wait();

    const second = newDriver();
    const adopted = await second.adopt(() => () => undefined);
    const mine = adopted.find((r) => r.taskArn === task.taskArn);
    expect(mine).toMatchObject({ status: 'STOPPED', stopCode: 'EssentialContainerExited' });
    expect(container(mine, 'app')?.exitCode).toBe(4);
  });

  test('the driver recovers from a dropped events stream, including exits missed meanwhile', async () => {
    // The reconnect waits longer than the container lives, so its die event
    // is lost and only the re-inspect after reconnecting can see the exit.
    const driver = new DockerDriver({ docker, logger, events: { minRetryMs: 2500 } });
    drivers.push(driver);
    const task = makeTask('events-drop', [{ name: 'app', image: TEST_IMAGE, command: ['sh', '-c', 'sleep 1; exit 5'] }]);
    const log = new ReportLog();
    await driver.start(task, log.listener);
    await log.status('RUNNING');
    // Simulate the Engine dropping the events connection.
    (driver as unknown as { watcher: { stream?: { destroy(): void } } }).watcher.stream?.destroy();
    const stopped = await log.status('STOPPED');
    expect(container(stopped, 'app')?.exitCode).toBe(5);
  });
});
