/**
 * requiresAttributes end to end, with the stock AWS SDK on the local stack:
 * RegisterTaskDefinition computes them from the container definitions, a real
 * agent on Docker Engine advertises its capabilities (here only the json-file
 * logging driver, as an operator chose with --logging-drivers), and placement
 * puts a task only where every required attribute is: a syslog task finds no
 * instance (RunTask failure ATTRIBUTE, the service event ECS writes), a
 * json-file one with a health check runs.
 */
import {
  CreateServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureLocalImage, TEST_IMAGE } from '../../src/agent/test-image.js';
import { describeDocker, docker } from '../integration/docker/docker-env.js';
import { startAgentCluster, type AgentCluster } from '../support/agent-cluster.js';
import { ecsClient } from '../support/ecs-client.js';
import { waitUntil } from '../support/wait.js';

const cluster = 'reqattr';
const ecs = ecsClient();
const capability = (name: string) => `com.amazonaws.ecs.capability.${name}`;

const definition = (family: string, extra: Partial<ContainerDefinition>) =>
  new RegisterTaskDefinitionCommand({
    family,
    containerDefinitions: [
      { name: 'app', image: TEST_IMAGE, cpu: 16, memory: 16, stopTimeout: 2, command: ['/bin/sleep', '3600'], ...extra },
    ],
  });

describeDocker('requiresAttributes on the local stack', () => {
  let agents: AgentCluster;
  let instanceArn: string;

  beforeAll(async () => {
    await ensureLocalImage(docker);
    // One docker agent on port slice 6 (no other e2e file's), offering only the json-file logging driver.
    agents = await startAgentCluster(ecs, cluster, 'docker', 1, 6, ['json-file']);
    instanceArn = agents.agents.agents[0]!.containerInstanceArn;
  });
  afterAll(async () => agents?.teardown());

  it('the agent advertises the capabilities of its Docker Engine, and only the logging drivers it was given', async () => {
    const [ci] = (await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instanceArn] })))
      .containerInstances!;
    const names = ci!.attributes!.map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        capability('docker-remote-api.1.18'),
        capability('docker-remote-api.1.24'),
        capability('logging-driver.json-file'),
        'ecs.capability.container-health-check',
        'ecs.capability.container-ordering',
      ]),
    );
    expect(names).not.toContain(capability('logging-driver.syslog'));
  });

  it('a task definition using a logging driver no instance offers cannot be placed: RunTask fails with ATTRIBUTE, the service says why', async () => {
    const registered = await ecs.send(definition('reqattr-syslog', { logConfiguration: { logDriver: 'syslog' } }));
    expect(registered.taskDefinition!.requiresAttributes).toEqual([
      { name: capability('docker-remote-api.1.18') },
      { name: capability('logging-driver.syslog') },
    ]);
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'reqattr-syslog' }));
    expect(described.taskDefinition!.requiresAttributes).toEqual(registered.taskDefinition!.requiresAttributes);

    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'reqattr-syslog' }));
    expect(run.tasks).toEqual([]);
    expect(run.failures).toEqual([{ arn: instanceArn, reason: 'ATTRIBUTE' }]);

    await ecs.send(new CreateServiceCommand({ cluster, serviceName: 'syslogger', taskDefinition: 'reqattr-syslog', desiredCount: 1 }));
    const id = instanceArn.split('/').at(-1);
    const event = await waitUntil('the service event saying why its task cannot be placed', async () => {
      const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['syslogger'] }))).services!;
      return svc!.events!.find((e) => e.message!.includes('unable to place a task'))?.message;
    });
    expect(event).toBe(
      '(service syslogger) was unable to place a task because no container instance met all of its requirements. ' +
        `The closest matching (container-instance ${id}) is missing an attribute required by your task. ` +
        'For more information, see the Troubleshooting section.',
    );
    const [svc] = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['syslogger'] }))).services!;
    expect(svc!.runningCount! + svc!.pendingCount!).toBe(0);
  });

  it('a task definition whose requirements the instance meets runs', async () => {
    const registered = await ecs.send(
      definition('reqattr-json', {
        logConfiguration: { logDriver: 'json-file', options: { 'max-size': '1m' } },
        healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 2 },
      }),
    );
    expect(registered.taskDefinition!.requiresAttributes!.map((a) => a.name)).toEqual([
      capability('docker-remote-api.1.18'),
      capability('docker-remote-api.1.19'),
      capability('docker-remote-api.1.24'),
      capability('logging-driver.json-file'),
      'ecs.capability.container-health-check',
    ]);
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'reqattr-json' }));
    expect(run.failures).toEqual([]);
    const taskArn = run.tasks![0]!.taskArn!;
    await waitUntil(
      'the task to run',
      async () => (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))).tasks![0]!.lastStatus === 'RUNNING',
      60_000,
    );
  });
});
