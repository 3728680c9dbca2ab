import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHollowFleet, type HollowFleet, type HollowFleetOptions } from '../../../../src/agent/hollow/fleet.js';
import { FAKE_JOIN_TOKEN, FakeControlPlane } from '../../../support/fake-control-plane.js';

const eventually = { timeout: 5000, interval: 10 };

describe('startHollowFleet', () => {
  let cp: FakeControlPlane;
  let fleet: HollowFleet | undefined;
  const options = (extra: Partial<HollowFleetOptions> = {}): HollowFleetOptions => ({
    endpoint: cp.url,
    cluster: 'default',
    joinToken: FAKE_JOIN_TOKEN,
    count: 20,
    stateDir: mkdtempSync(join(tmpdir(), 'berth-fleet-')),
    pollIntervalMs: 20,
    staggerMs: 1,
    seed: 42,
    behavior: { startDelayMs: 20, startJitterMs: 20 },
    ...extra,
  });

  beforeEach(async () => {
    cp = await FakeControlPlane.start();
    cp.pollIntervalMs = 20;
  });
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
    await cp.close();
  });

  it('registers 20 hollow instances across the zones and runs the tasks assigned to them', async () => {
    const progress: string[] = [];
    fleet = await startHollowFleet(options({ onRegistered: (k, n) => progress.push(`${k}/${n}`) }));
    expect(progress.at(-1)).toBe('20/20');
    const instances = cp.instanceList();
    expect(instances).toHaveLength(20);
    const zoneOf = (i: (typeof instances)[number]) => i.attributes.find((a) => a.name === 'ecs.availability-zone')?.value;
    expect(instances.filter((i) => zoneOf(i) === 'us-east-1a')).toHaveLength(7);
    expect(instances.filter((i) => zoneOf(i) === 'us-east-1c')).toHaveLength(6);
    expect(instances[0]!.attributes).toEqual(
      expect.arrayContaining([
        { name: 'berth.driver', value: 'hollow' },
        { name: 'ecs.instance-type', value: 't3.medium' },
      ]),
    );
    expect(instances[0]!.totalResources).toContainEqual({ name: 'CPU', type: 'INTEGER', integerValue: 2048 });

    const tasks = instances.map((i) => cp.assign(i.arn));
    await vi.waitFor(() => expect(tasks.filter((t) => t.lastStatus === 'RUNNING')).toHaveLength(20), eventually);
    expect(tasks[0]!.report?.containers[0]?.networkBindings).toEqual([
      { bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' },
    ]);
    await vi.waitFor(
      () => expect(fleet!.status()).toMatchObject({ total: 20, running: 20, failing: 0, pendingReports: 0, tasks: { RUNNING: 20 } }),
      eventually,
    );
  });

  it('kills a host (no flush), and on restart stops the tasks the control plane gave up on', async () => {
    fleet = await startHollowFleet(options({ count: 3 }));
    const host = fleet.instances[1]!;
    const arn = host.agent.containerInstanceArn!;
    const task = cp.assign(arn);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);

    await host.kill();
    const pollsAfterKill = cp.pollsOf(arn).length;
    cp.loseInstance(arn);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cp.pollsOf(arn)).toHaveLength(pollsAfterKill);

    await host.restart();
    expect(host.agent.containerInstanceArn).toBe(arn);
    await vi.waitFor(() => expect(host.driver.snapshot()).toEqual([]), eventually);
    const next = cp.assign(arn);
    await vi.waitFor(() => expect(next.lastStatus).toBe('RUNNING'), eventually);
  });

  it('stops gracefully, leaving simulated tasks running', async () => {
    fleet = await startHollowFleet(options({ count: 2 }));
    const task = cp.assign(fleet.instances[0]!.agent.containerInstanceArn!);
    await vi.waitFor(() => expect(task.lastStatus).toBe('RUNNING'), eventually);
    await fleet.stop();
    expect(fleet.status()).toMatchObject({ running: 0 });
    expect(fleet.instances[0]!.driver.snapshot()).toMatchObject([{ taskArn: task.taskArn, status: 'RUNNING' }]);
  });

  it('fails to start, stopping every agent, when the cluster does not exist', async () => {
    await expect(startHollowFleet(options({ cluster: 'missing', count: 3 }))).rejects.toMatchObject({ type: 'ClusterNotFoundException' });
  });
});
