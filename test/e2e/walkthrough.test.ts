/**
 * The ECS getting-started walkthrough on real agents (infra/local/local-agents.ts):
 * Docker agents running real containers (and the failure modes the walkthrough
 * troubleshoots), then the same walkthrough on process-driver agents.
 * Under BERTH_REQUIRE_DOCKER=1 (CI) a missing Docker Engine fails the Docker part.
 */
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  waitUntilServicesStable,
  waitUntilTasksRunning,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogPath } from '../../infra/local/walkthrough/agent-state-dirs.js';
import { taskLogs } from '../../infra/local/walkthrough/task-logs.js';
import { checkWelcomePage, taskUrl } from '../../infra/local/walkthrough/task-urls.js';
import { webTaskDefinition, type WebDriver } from '../../infra/local/walkthrough/web-task-definition.js';
import { LABEL } from '../../src/agent/runtime/docker/labels.js';
import { ensureLocalImage, TEST_IMAGE, WELCOME_HTML } from '../../src/agent/test-image.js';
import { describeDocker, docker } from '../integration/docker/docker-env.js';
import { startAgentCluster, type AgentCluster } from '../support/agent-cluster.js';
import { ecsClient } from '../support/ecs-client.js';
import { waitUntil } from '../support/wait.js';

const ecs = ecsClient();
const waiter = { client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 1 };
const SPREAD = [
  { type: 'spread' as const, field: 'attribute:ecs.availability-zone' },
  { type: 'spread' as const, field: 'instanceId' },
];

async function describeTask(cluster: string, taskArn: string): Promise<Task> {
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
  return tasks![0];
}

/** Registers the walkthrough's web server, runs it as a service of 3, waits as `aws ecs wait services-stable` does. */
async function walkthrough(client: ECSClient, lc: AgentCluster, driver: WebDriver): Promise<Task[]> {
  const { cluster } = lc;
  const { taskDefinition } = await client.send(new RegisterTaskDefinitionCommand(webTaskDefinition(driver, `${cluster}-web`)));
  await client.send(
    new CreateServiceCommand({
      cluster,
      serviceName: 'web',
      taskDefinition: taskDefinition!.taskDefinitionArn,
      desiredCount: 3,
      placementStrategy: SPREAD,
    }),
  );
  await waitUntilServicesStable(waiter, { cluster, services: ['web'] });
  const { taskArns } = await client.send(new ListTasksCommand({ cluster, serviceName: 'web' }));
  const { tasks } = await client.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  expect(tasks).toHaveLength(3);
  // One task per instance: spread over the three zones.
  expect(new Set(tasks!.map((t) => t.containerInstanceArn)).size).toBe(3);
  for (const task of tasks!) {
    expect(task.lastStatus).toBe('RUNNING');
    const target = taskUrl(task);
    expect(target, `a host port for ${task.taskArn}`).toBeDefined();
    expect(await checkWelcomePage(target!.url), target!.url).toMatchObject({ ok: true });
  }
  return tasks!;
}

describeDocker('the ECS walkthrough on Docker agents', () => {
  let lc: AgentCluster;
  const cluster = 'walkthrough-docker';

  beforeAll(async () => {
    await ensureLocalImage(docker);
    lc = await startAgentCluster(ecs, cluster, 'docker');
  });
  afterAll(async () => lc?.teardown());

  it('runs the web server as a service of 3 that answers on every task URL, with logs and agent log found', async () => {
    const tasks = await walkthrough(ecs, lc, 'docker');
    // A full ARN names its cluster: the --cluster default does not apply.
    const logs = await taskLogs(ecs, { task: tasks[0].taskArn!, cluster: 'default', agentsRoot: lc.stateRoot });
    expect(logs.driver).toBe('docker');
    expect(logs.text).toMatch(/response:200/); // busybox httpd -v logs each request it served
    expect(logs.agentStateDir).toBe(lc.agents.agents.find((a) => a.containerInstanceArn === tasks[0].containerInstanceArn)!.stateDir);
    expect(existsSync(agentLogPath(logs.agentStateDir!))).toBe(true);
    await expect(taskLogs(ecs, { task: '0123456789abcdef0123456789abcdef', cluster, agentsRoot: lc.stateRoot })).rejects.toThrow(
      /no task 0123456789abcdef0123456789abcdef in cluster walkthrough-docker/,
    );
  });

  it('stops a task whose essential container was killed, reports its exit code, and the service replaces it', async () => {
    const [victim] = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns!;
    const [container] = await docker.listContainers({ filters: { label: [`${LABEL.taskArn}=${victim}`] } });
    await docker.getContainer(container.Id).kill();

    const stopped = await waitUntil('the killed task to be STOPPED', async () => {
      const t = await describeTask(cluster, victim);
      return t.lastStatus === 'STOPPED' ? t : undefined;
    });
    expect(stopped).toMatchObject({ stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' });
    expect(stopped.containers![0]).toMatchObject({ name: 'web', lastStatus: 'STOPPED', exitCode: 137 });

    await waitUntil('a replacement task', async () => {
      const live = (await ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }))).taskArns!;
      return live.length === 3 && !live.includes(victim);
    });
    await waitUntilServicesStable(waiter, { cluster, services: ['web'] });
    const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services!;
    expect(svc.runningCount).toBe(3);
  });

  it('lets a container reach another by its link alias', async () => {
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `${cluster}-links`,
        containerDefinitions: [
          { name: 'web', image: TEST_IMAGE, essential: true, memory: 64, linuxParameters: { initProcessEnabled: true } },
          {
            name: 'fetch',
            image: TEST_IMAGE,
            essential: false,
            memory: 32,
            links: ['web:site'],
            // httpd may not listen yet when this starts: retry for a few seconds.
            command: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O- http://site/ && exit 0; sleep 1; done; exit 1'],
          },
        ],
      }),
    );
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: taskDefinition!.taskDefinitionArn }));
    const arn = run.tasks![0].taskArn!;
    await waitUntilTasksRunning(waiter, { cluster, tasks: [arn] });
    const done = await waitUntil('the fetching container to exit', async () => {
      const t = await describeTask(cluster, arn);
      return t.containers!.find((c) => c.name === 'fetch')?.lastStatus === 'STOPPED' ? t : undefined;
    });
    expect(done.lastStatus).toBe('RUNNING'); // a non-essential container's exit leaves the task running
    expect(done.containers!.find((c) => c.name === 'fetch')!.exitCode).toBe(0);
    const logs = await taskLogs(ecs, { task: arn, cluster, container: 'fetch', agentsRoot: lc.stateRoot });
    expect(logs.text).toContain(WELCOME_HTML.trim());
    await ecs.send(new StopTaskCommand({ cluster, task: arn }));
  });

  it('marks the container and the task UNHEALTHY when the health check fails', async () => {
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `${cluster}-unhealthy`,
        containerDefinitions: [
          {
            name: 'web',
            image: TEST_IMAGE,
            essential: true,
            memory: 64,
            linuxParameters: { initProcessEnabled: true },
            // ECS's minimums: the first probe runs after one interval, one failure is enough.
            healthCheck: { command: ['CMD-SHELL', 'exit 1'], interval: 5, timeout: 2, retries: 1, startPeriod: 0 },
          },
        ],
      }),
    );
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: taskDefinition!.taskDefinitionArn }));
    const arn = run.tasks![0].taskArn!;
    const unhealthy = await waitUntil('the task to turn UNHEALTHY', async () => {
      const t = await describeTask(cluster, arn);
      return t.healthStatus === 'UNHEALTHY' ? t : undefined;
    });
    expect(unhealthy.containers![0].healthStatus).toBe('UNHEALTHY');
    await ecs.send(new StopTaskCommand({ cluster, task: arn }));
  });
});

describe('the ECS walkthrough on process-driver agents', () => {
  let lc: AgentCluster;
  const cluster = 'walkthrough-process';

  beforeAll(async () => {
    lc = await startAgentCluster(ecs, cluster, 'process');
  });
  afterAll(async () => lc?.teardown());

  it('runs the web server as a service of 3 that answers on every task URL, with its logs in the agent state dir', async () => {
    const tasks = await walkthrough(ecs, lc, 'process');
    const logs = await taskLogs(ecs, { task: tasks[0].taskArn!, cluster, agentsRoot: lc.stateRoot });
    expect(logs.driver).toBe('process');
    expect(logs.text).toMatch(/serving the welcome page on port \d+/);
  });
});
