/** A hollow fleet against the real control plane (in process, on DynamoDB Local). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHollowFleet, type HollowFleet, type HollowFleetOptions } from '../../../src/agent/hollow/fleet.js';
import { ControlPlaneServer } from '../../support/control-plane-server.js';

const eventually = { timeout: 30_000, interval: 50 };

describe('startHollowFleet against the real control plane', () => {
  let cp: ControlPlaneServer;
  let cluster: string;
  let joinToken: string;
  let fleet: HollowFleet | undefined;
  const options = (extra: Partial<HollowFleetOptions> = {}): HollowFleetOptions => ({
    endpoint: cp.url,
    cluster,
    joinToken,
    count: 10,
    stateDir: mkdtempSync(join(tmpdir(), 'berth-fleet-')),
    pollIntervalMs: 500,
    staggerMs: 1,
    seed: 42,
    behavior: { startDelayMs: 20, startJitterMs: 20 },
    ...extra,
  });
  const lastStatus = async (taskArn: string) => (await cp.task(cluster, taskArn)).lastStatus;

  // Ten agents poll one DynamoDB Local: every half second each is plenty (a task's change is reported at once anyway).
  beforeAll(async () => {
    cp = await ControlPlaneServer.start({ pollIntervalMs: 500 });
  });
  afterAll(() => cp.close());
  beforeEach(async () => {
    cluster = `fleet-${randomBytes(4).toString('hex')}`;
    await cp.createCluster(cluster);
    joinToken = await cp.joinToken(cluster);
  });
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  it('registers 10 hollow instances across the zones and runs the tasks assigned to them', async () => {
    const progress: string[] = [];
    fleet = await startHollowFleet(options({ onRegistered: (k, n) => progress.push(`${k}/${n}`) }));
    expect(progress.at(-1)).toBe('10/10');
    const { containerInstanceArns } = await cp.ecs.send(new ListContainerInstancesCommand({ cluster }));
    expect(containerInstanceArns).toHaveLength(10);
    const instances = await cp.instances(cluster, containerInstanceArns!);
    const zoneOf = (i: (typeof instances)[number]) => i.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value;
    expect(instances.filter((i) => zoneOf(i) === 'us-east-1a')).toHaveLength(4);
    expect(instances.filter((i) => zoneOf(i) === 'us-east-1c')).toHaveLength(3);
    expect(instances[0]!.attributes).toEqual(
      expect.arrayContaining([
        { name: 'berth.driver', value: 'hollow' },
        { name: 'ecs.instance-type', value: 't3.medium' },
        // A simulated Docker host advertises what a Docker one would (requiresAttributes).
        { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
        { name: 'ecs.capability.container-health-check' },
      ]),
    );
    expect(instances[0]!.registeredResources).toContainEqual(expect.objectContaining({ name: 'CPU', integerValue: 2048 }));

    const tasks = await Promise.all(containerInstanceArns!.map((arn) => cp.startTask(cluster, arn)));
    const running = async () =>
      (await cp.ecs.send(new DescribeTasksCommand({ cluster, tasks }))).tasks!.filter((t) => t.lastStatus === 'RUNNING');
    await vi.waitFor(async () => expect(await running()).toHaveLength(10), eventually);
    expect((await cp.task(cluster, tasks[0]!)).containers?.[0]?.networkBindings).toEqual([
      { bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' },
    ]);
    await vi.waitFor(
      () => expect(fleet!.status()).toMatchObject({ total: 10, running: 10, failing: 0, pendingReports: 0, tasks: { RUNNING: 10 } }),
      eventually,
    );
  });

  it('kills a host (no flush), and on restart stops the tasks the control plane gave up on', async () => {
    fleet = await startHollowFleet(options({ count: 3 }));
    const host = fleet.instances[1]!;
    const arn = host.agent.containerInstanceArn!;
    const taskArn = await cp.startTask(cluster, arn);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);

    await host.kill();
    const pollsAfterKill = cp.pollsOf(arn).length;
    expect(await cp.loseAgents(cluster)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cp.pollsOf(arn)).toHaveLength(pollsAfterKill);

    await host.restart();
    expect(host.agent.containerInstanceArn).toBe(arn);
    await vi.waitFor(() => expect(host.driver.snapshot()).toEqual([]), eventually);
    const next = await cp.startTask(cluster, arn);
    await vi.waitFor(async () => expect(await lastStatus(next)).toBe('RUNNING'), eventually);
  });

  it('stops gracefully, leaving simulated tasks running', async () => {
    fleet = await startHollowFleet(options({ count: 2 }));
    const taskArn = await cp.startTask(cluster, fleet.instances[0]!.agent.containerInstanceArn!);
    await vi.waitFor(async () => expect(await lastStatus(taskArn)).toBe('RUNNING'), eventually);
    await fleet.stop();
    expect(fleet.status()).toMatchObject({ running: 0 });
    expect(fleet.instances[0]!.driver.snapshot()).toMatchObject([{ taskArn, status: 'RUNNING' }]);
  });

  it('fails to start, stopping every agent, when the cluster does not exist', async () => {
    const gone = await cp.deletedCluster(`gone-${randomBytes(4).toString('hex')}`);
    await expect(startHollowFleet(options({ ...gone, count: 3 }))).rejects.toMatchObject({ type: 'ClusterNotFoundException' });
  });
});
