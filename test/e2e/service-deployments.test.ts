import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeploymentBrief,
} from '@aws-sdk/client-ecs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { awsCli } from '../support/aws-cli.js';
import { ecsClient } from '../support/ecs-client.js';
import { registerBareInstance, reportTask, startHeartbeat } from '../support/heartbeat-instances.js';
import { waitUntil } from '../support/wait.js';

/**
 * The service deployment history and StopServiceDeployment, with the stock SDK
 * and (ListServiceDeployments) the stock CLI v2, on the local stack. The
 * instances only heartbeat; tasks move when the test reports them as an ECS
 * agent would, so a deployment stays IN_PROGRESS exactly as long as the test
 * wants it to.
 */
const ecs = ecsClient();
const cluster = 'history';
const service = 'web';
const instances: string[] = [];
let heartbeat: ReturnType<typeof startHeartbeat>;
const taskDefinitions: string[] = [];

const report = (task: string, status: 'RUNNING' | 'STOPPED') => reportTask(ecs, cluster, task, status);

/** Plays the agent once: tasks to run are reported RUNNING, tasks told to stop are reported STOPPED. */
async function actAsAgent() {
  const running = await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }));
  const stopping = await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED' }));
  for (const t of running.taskArns ?? []) await report(t, 'RUNNING').catch(() => undefined);
  for (const t of stopping.taskArns ?? []) await report(t, 'STOPPED').catch(() => undefined);
}

async function list(extra: Partial<ConstructorParameters<typeof ListServiceDeploymentsCommand>[0]> = {}) {
  return ecs.send(new ListServiceDeploymentsCommand({ cluster, service, ...extra }));
}

/** Reports tasks until the newest service deployment has `status`. */
async function settleUntil(status: string, index = 0): Promise<ServiceDeploymentBrief[]> {
  return waitUntil(
    `the service deployment #${index} to be ${status}`,
    async () => {
      await actAsAgent();
      const out = await list();
      return out.serviceDeployments?.[index]?.status === status && out.serviceDeployments;
    },
    60_000,
    500,
  );
}

beforeAll(async () => {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  for (const zone of ['us-east-1a', 'us-east-1b'])
    instances.push(await registerBareInstance(ecs, cluster, zone, `i-0${zone.slice(-1)}history`));
  heartbeat = startHeartbeat(cluster, () => instances);
  await heartbeat.ready;
  for (const image of ['a:1', 'a:2', 'a:3']) {
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'history', containerDefinitions: [{ name: 'a', image, cpu: 128, memory: 128 }] }),
    );
    taskDefinitions.push(out.taskDefinition!.taskDefinitionArn!);
  }
});

afterAll(() => heartbeat?.stop());

describe('service deployment history', () => {
  let first: ServiceDeploymentBrief;
  let second: ServiceDeploymentBrief;

  it('records a deployment per rollout, newest first; the first is SUCCESSFUL once the second completes', async () => {
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: taskDefinitions[0],
        desiredCount: 2,
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50 },
      }),
    );
    [first] = await settleUntil('SUCCESSFUL');
    expect(first!.serviceDeploymentArn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:service-deployment\/history\/web\/\d+$/);
    expect(first!.targetServiceRevisionArn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:service-revision\/history\/web\/\d+$/);

    await ecs.send(new UpdateServiceCommand({ cluster, service, taskDefinition: taskDefinitions[1] }));
    const during = await list();
    expect(during.serviceDeployments!.map((d) => d.status)).toEqual([expect.stringMatching(/^(PENDING|IN_PROGRESS)$/), 'SUCCESSFUL']);
    [second] = await settleUntil('SUCCESSFUL');
    const after = await list();
    expect(after.serviceDeployments!.map((d) => [d.serviceDeploymentArn, d.status])).toEqual([
      [second!.serviceDeploymentArn, 'SUCCESSFUL'],
      [first!.serviceDeploymentArn, 'SUCCESSFUL'],
    ]);
    expect(second!.finishedAt!.getTime()).toBeGreaterThanOrEqual(second!.startedAt!.getTime());
    expect(second!.createdAt!.getTime()).toBeGreaterThanOrEqual(first!.createdAt!.getTime());

    const described = await ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [second!.serviceDeploymentArn!, first!.serviceDeploymentArn!] }),
    );
    expect(described.failures).toEqual([]);
    const [d2, d1] = described.serviceDeployments!;
    expect(d2).toMatchObject({
      serviceArn: expect.stringMatching(/:service\/history\/web$/),
      clusterArn: expect.stringMatching(/:cluster\/history$/),
      status: 'SUCCESSFUL',
      statusReason: expect.stringMatching(/^ECS deployment ecs-svc\/\d+ completed\.$/),
      sourceServiceRevisions: [expect.objectContaining({ arn: first!.targetServiceRevisionArn })],
      targetServiceRevision: { arn: second!.targetServiceRevisionArn, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 },
      deploymentConfiguration: expect.objectContaining({ maximumPercent: 200, minimumHealthyPercent: 50 }),
      deploymentCircuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 3 },
      alarms: { status: 'DISABLED' },
    });
    expect(d1!.sourceServiceRevisions).toEqual([]);

    const revisions = await ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [first!.targetServiceRevisionArn!, second!.targetServiceRevisionArn!] }),
    );
    expect(revisions.failures).toEqual([]);
    expect(revisions.serviceRevisions!.map((r) => [r.taskDefinition, r.launchType, r.loadBalancers])).toEqual([
      [taskDefinitions[0], 'EC2', []],
      [taskDefinitions[1], 'EC2', []],
    ]);
  }, 150_000);

  it('pages newest first, filters by status and createdAt; the stock CLI lists them too', async () => {
    const page1 = await list({ maxResults: 1 });
    expect(page1.serviceDeployments!.map((d) => d.serviceDeploymentArn)).toEqual([second.serviceDeploymentArn]);
    expect(page1.nextToken).toBeTruthy();
    const page2 = await list({ maxResults: 1, nextToken: page1.nextToken });
    expect(page2.serviceDeployments!.map((d) => d.serviceDeploymentArn)).toEqual([first.serviceDeploymentArn]);

    expect((await list({ status: ['IN_PROGRESS', 'ROLLBACK_SUCCESSFUL'] })).serviceDeployments).toEqual([]);
    expect((await list({ status: ['SUCCESSFUL'] })).serviceDeployments).toHaveLength(2);
    expect((await list({ createdAt: { after: second.createdAt } })).serviceDeployments!.map((d) => d.serviceDeploymentArn)).toEqual([
      second.serviceDeploymentArn,
    ]);
    expect((await list({ createdAt: { before: new Date(second.createdAt!.getTime() - 1) } })).serviceDeployments!.length).toBe(1);
    expect((await list({ createdAt: { after: new Date(Date.now() + 3_600_000) } })).serviceDeployments).toEqual([]);

    // AWS CLI 2.9 predates the operation (ECS added it in October 2024): the four operations' model from botocore.
    const data = fileURLToPath(new URL('../fixtures/aws-cli-model', import.meta.url));
    const cli = await awsCli(inject('ecsEndpoint'), { dataPath: data }).json(
      'ecs',
      'list-service-deployments',
      '--cluster',
      cluster,
      '--service',
      service,
    );
    expect(
      (cli.serviceDeployments as { serviceDeploymentArn: string; status: string }[]).map((d) => [d.serviceDeploymentArn, d.status]),
    ).toEqual([
      [second.serviceDeploymentArn, 'SUCCESSFUL'],
      [first.serviceDeploymentArn, 'SUCCESSFUL'],
    ]);
  }, 60_000);

  it('bad input gets AWS errors and changes nothing', async () => {
    const before = await list();
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: { name: string; message: string }) => e,
      );
    const ghost = second.serviceDeploymentArn!.replace(/\/\d+$/, '/1234567890123456789');
    expect(await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: ghost, stopType: 'ROLLBACK' })))).toMatchObject({
      name: 'ServiceDeploymentNotFoundException',
    });
    expect(await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: 'arn:aws:ecs:us-east-1:1:nope' })))).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Invalid service deployment ARN'),
    });
    expect(
      await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: second.serviceDeploymentArn!, stopType: 'ABORT' }))),
    ).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('stopType') });
    // A finished deployment cannot be stopped.
    expect(
      await fail(ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: second.serviceDeploymentArn!, stopType: 'ROLLBACK' }))),
    ).toMatchObject({ name: 'ConflictException', message: expect.stringContaining('SUCCESSFUL') });
    expect(await fail(ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: ['garbage'] })))).toMatchObject({
      name: 'InvalidParameterException',
    });
    expect(await fail(list({ service: 'ghost' }))).toMatchObject({ name: 'ServiceNotFoundException' });
    expect(await fail(list({ maxResults: 101 }))).toMatchObject({ name: 'InvalidParameterException' });
    expect(await fail(list({ nextToken: 'bm90LWEtdG9rZW4' }))).toMatchObject({ name: 'InvalidParameterException' });
    const missing = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [ghost] }));
    expect(missing).toMatchObject({ serviceDeployments: [], failures: [{ arn: ghost, reason: 'MISSING' }] });
    const revisions = await ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [ghost.replace(':service-deployment/', ':service-revision/')] }),
    );
    expect(revisions.failures).toEqual([expect.objectContaining({ reason: 'MISSING' })]);

    expect((await list()).serviceDeployments).toEqual(before.serviceDeployments);
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
    expect(svc.taskDefinition).toBe(taskDefinitions[1]);
    expect(svc.deployments).toHaveLength(1);
  });

  it('StopServiceDeployment ROLLBACK during a rollout returns to the last successful revision: ROLLBACK_SUCCESSFUL', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster, service, taskDefinition: taskDefinitions[2] }));
    // Nobody reports the new tasks RUNNING: the deployment stays in progress.
    const [third] = (await list()).serviceDeployments!;
    expect(third!.status).toMatch(/^(PENDING|IN_PROGRESS)$/);

    const stopped = await ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: third!.serviceDeploymentArn!, stopType: 'ROLLBACK' }),
    );
    expect(stopped.serviceDeploymentArn).toBe(third!.serviceDeploymentArn);
    const [requested] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [third!.serviceDeploymentArn!] })))
      .serviceDeployments!;
    expect(requested!.status).toMatch(/^ROLLBACK_(REQUESTED|IN_PROGRESS)$/);
    expect(requested!.rollback).toMatchObject({ serviceRevisionArn: second.targetServiceRevisionArn, startedAt: expect.any(Date) });
    // Stopping it again continues the rollback.
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: third!.serviceDeploymentArn!, stopType: 'ROLLBACK' }));

    const svc = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
    expect(svc.taskDefinition).toBe(taskDefinitions[1]);
    // The reconciler may already have started the rollback's tasks: the event is among the newest.
    expect(svc.events!.slice(0, 5).map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^\(service web\) rolling back to deployment ecs-svc\/\d+\.$/),
    );

    const history = await settleUntil('ROLLBACK_SUCCESSFUL');
    expect(history.map((d) => d.serviceDeploymentArn)).toEqual([
      third!.serviceDeploymentArn,
      second.serviceDeploymentArn,
      first.serviceDeploymentArn,
    ]);
    const [done] = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [third!.serviceDeploymentArn!] })))
      .serviceDeployments!;
    expect(done).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL', rollback: { serviceRevisionArn: second.targetServiceRevisionArn } });
    expect(done!.finishedAt).toBeInstanceOf(Date);
    const after = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
    expect(after.taskDefinition).toBe(taskDefinitions[1]);
    await waitUntil('the rolled-back service to be steady', async () => {
      await actAsAgent();
      const s = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
      return s.deployments!.length === 1 && s.runningCount === 2 && s.deployments![0]!.taskDefinition === taskDefinitions[1];
    });
  }, 150_000);
});
