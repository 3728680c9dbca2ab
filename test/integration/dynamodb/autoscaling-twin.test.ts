/**
 * The local Auto Scaling twin on DynamoDB Local, driven by the stock
 * @aws-sdk/client-auto-scaling (query protocol). Its instances here are
 * in-process stand-ins for agent processes (the e2e suite runs real agents),
 * so crashes, failed launches and restarts can be injected exactly.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  SetDesiredCapacityCommand,
  SetInstanceProtectionCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../../infra/local/ensure-tables.js';
import { autoscalingPortSlices } from '../../../infra/local/local-agents.js';
import { startAutoScalingTwin } from '../../../src/adapters/local/autoscaling/autoscaling-twin.js';
import { GROUP_TABLE_SPEC } from '../../../src/adapters/local/autoscaling/group-store.js';
import type { LocalInstanceHost, LocalInstanceLaunch } from '../../../src/adapters/local/autoscaling/instance-host.js';
import type { LocalTwin } from '../../../src/adapters/local/local-twin.js';

interface FakeInstance {
  spec: LocalInstanceLaunch;
  /** Registers (ready) or dies before registering. */
  register(): void;
  fail(output: string): void;
  crash(): void;
  stoppedWith?: string;
  exited: boolean;
}

/** Instances that register when told to (or at once), and record how they were stopped. */
function fakeHost(autoRegister = true) {
  const launched: FakeInstance[] = [];
  const destroyed: string[] = [];
  const host: LocalInstanceHost = {
    launch(spec) {
      let settle!: { ok: (arn: string) => void; fail: (e: Error) => void };
      let exit!: () => void;
      const ready = new Promise<string>((ok, fail) => (settle = { ok, fail }));
      ready.catch(() => undefined);
      const exited = new Promise<void>((r) => (exit = r));
      const f: FakeInstance = {
        spec,
        exited: false,
        register: () => settle.ok(`arn:aws:ecs:us-east-1:000000000000:container-instance/${spec.cluster}/${spec.instanceId.slice(2)}`),
        fail: (output) => {
          settle.fail(new Error(output));
          f.exited = true;
          exit();
        },
        crash: () => {
          f.exited = true;
          exit();
        },
      };
      launched.push(f);
      if (autoRegister) setTimeout(f.register, 5);
      return {
        ready,
        exited,
        stop: async (signal) => {
          f.stoppedWith = signal;
          f.exited = true;
          exit();
        },
      };
    },
    async destroy(stateDir) {
      destroyed.push(stateDir);
    },
  };
  return { host, launched, destroyed };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('local Auto Scaling twin', () => {
  let server: Server;
  let client: AutoScalingClient;
  let table: string;
  let twin: LocalTwin;
  let fake: ReturnType<typeof fakeHost>;
  /** ECS calls the twin made (DeregisterContainerInstance when an instance is terminated). */
  let ecsCalls: { target: string; body: Record<string, unknown> }[];
  let endpoint: string;

  const start = (host: LocalInstanceHost) =>
    startAutoScalingTwin({
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableName: table,
      endpoint,
      region: 'us-east-1',
      accountId: '000000000000',
      host,
      stateRoot: '/state',
      portSlices: autoscalingPortSlices(),
      persistent: true,
      credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' },
      log: () => undefined,
    });

  beforeEach(async () => {
    table = `asg-${randomUUID()}`;
    await ensureTable(inject('dynamodbEndpoint'), table, GROUP_TABLE_SPEC as never);
    ecsCalls = [];
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') {
        ecsCalls.push({ target, body: JSON.parse(body) });
        res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{}');
        return;
      }
      const out = await twin.handle({ headers: req.headers as Record<string, string>, body });
      res.writeHead(out.statusCode, out.headers).end(out.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new AutoScalingClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    fake = fakeHost();
    twin = start(fake.host);
  });

  afterEach(async () => {
    await twin.stop?.();
    client.destroy();
    await new Promise((r) => server.close(r));
  });

  const describeGroup = async (name: string): Promise<AutoScalingGroup> =>
    (await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups![0]!;
  const inService = (g: AutoScalingGroup) => (g.Instances ?? []).filter((i) => i.LifecycleState === 'InService');
  const create = (name: string, extra: Partial<ConstructorParameters<typeof CreateAutoScalingGroupCommand>[0]> = {}) =>
    client.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateName: 'berth-local-agent' },
        MinSize: 1,
        MaxSize: 5,
        DesiredCapacity: 3,
        AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        Tags: [
          { Key: 'berth:instance-cpu', Value: '512' },
          { Key: 'berth:instance-memory', Value: '768' },
          { Key: 'berth:cluster', Value: 'web' },
        ],
        ...extra,
      }),
    );

  it('launches the desired instances, spread over its zones, each with its own ports and the size its tags give', async () => {
    await create('g');
    await until('3 instances in service', async () => inService(await describeGroup('g')).length === 3);
    const g = await describeGroup('g');
    expect(new Set(g.Instances!.map((i) => i.AvailabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    expect(fake.launched.map((f) => [f.spec.cpu, f.spec.memory, f.spec.cluster])).toEqual(Array(3).fill([512, 768, 'web']));
    expect(new Set(fake.launched.map((f) => f.spec.dynamicPorts)).size).toBe(3);
    expect(fake.launched.map((f) => f.spec.stateDir)).toEqual(g.Instances!.map((i) => `/state/${i.InstanceId}`));
    const activities = (await client.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'g' }))).Activities!;
    expect(activities.map((a) => a.StatusCode)).toEqual(['Successful', 'Successful', 'Successful']);
    expect(activities[0]!.Description).toMatch(/^Launching a new EC2 instance: i-[0-9a-f]{17}$/);
  });

  it('replaces an instance whose agent died, and tells ECS the old one is gone', async () => {
    await create('g', { DesiredCapacity: 1 });
    await until('in service', async () => inService(await describeGroup('g')).length === 1);
    const first = fake.launched[0]!;
    first.crash();
    await until('a replacement in service', async () => {
      const g = await describeGroup('g');
      return inService(g).length === 1 && g.Instances![0]!.InstanceId !== first.spec.instanceId;
    });
    expect(fake.destroyed).toContain(first.spec.stateDir);
    expect(ecsCalls).toEqual([
      {
        target: 'AmazonEC2ContainerServiceV20141113.DeregisterContainerInstance',
        body: { cluster: 'web', containerInstance: expect.stringContaining(first.spec.instanceId.slice(2)), force: true },
      },
    ]);
    const [latest, terminated] = (await client.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'g' }))).Activities!;
    expect(terminated!.Cause).toMatch(/EC2 health check/);
    expect(latest!.Description).toMatch(/^Launching/);
  });

  it('records a launch whose agent never registered as failed, and backs off', async () => {
    await twin.stop?.();
    fake = fakeHost(false);
    twin = start(fake.host);
    await create('g', { DesiredCapacity: 1 });
    await until('a launch', () => fake.launched.length === 1);
    fake.launched[0]!.fail('local agent exited (code 1) before registering: ClusterNotFoundException');
    await until('a failed activity', async () => {
      const [a] = (await client.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'g' }))).Activities!;
      return a?.StatusCode === 'Failed';
    });
    const [a] = (await client.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'g' }))).Activities!;
    expect(a!.StatusMessage).toMatch(/ClusterNotFoundException/);
    // The next launch waits out the backoff (5 s) instead of churning.
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.launched.length).toBe(1);
  });

  it('scales in around protected instances', async () => {
    await create('g');
    await until('3 in service', async () => inService(await describeGroup('g')).length === 3);
    const keep = (await describeGroup('g')).Instances!.map((i) => i.InstanceId!).slice(0, 2);
    await client.send(new SetInstanceProtectionCommand({ AutoScalingGroupName: 'g', InstanceIds: keep, ProtectedFromScaleIn: true }));
    await client.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'g', DesiredCapacity: 1 }));
    await until('one instance left', async () => (await describeGroup('g')).Instances!.length === 2);
    // Both protected instances stay: desired 1, but Auto Scaling never terminates a protected instance to get there.
    await new Promise((r) => setTimeout(r, 1200));
    const g = await describeGroup('g');
    expect(g.DesiredCapacity).toBe(1);
    expect(g.Instances!.map((i) => i.InstanceId).sort()).toEqual([...keep].sort());
    expect(g.Instances!.every((i) => i.ProtectedFromScaleIn)).toBe(true);
  });

  it('terminates a named instance, decrementing the desired capacity when asked', async () => {
    await create('g', { DesiredCapacity: 2 });
    await until('2 in service', async () => inService(await describeGroup('g')).length === 2);
    const [victim] = (await describeGroup('g')).Instances!;
    const out = await client.send(
      new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: victim!.InstanceId, ShouldDecrementDesiredCapacity: true }),
    );
    expect(out.Activity).toMatchObject({ Description: `Terminating EC2 instance: ${victim!.InstanceId}`, StatusCode: 'InProgress' });
    await until('gone', async () => (await describeGroup('g')).Instances!.length === 1);
    expect((await describeGroup('g')).DesiredCapacity).toBe(1);
    await expect(
      client.send(
        new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: 'i-00000000000000000', ShouldDecrementDesiredCapacity: false }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('No managed instance found') });
    const [last] = (await describeGroup('g')).Instances!;
    await expect(
      client.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: last!.InstanceId, ShouldDecrementDesiredCapacity: true })),
    ).rejects.toThrow(
      "Currently, desiredSize equals minSize (1). Terminating instance without replacement will violate group's min size constraint.",
    );
  });

  it('refuses bad input with Auto Scaling errors and changes nothing', async () => {
    await expect(create('g', { MinSize: 4, MaxSize: 2, DesiredCapacity: 3 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Max bound, 2, must be greater than or equal to min bound, 4',
    });
    await expect(create('g', { LaunchTemplate: { LaunchTemplateName: 'my-template' } })).rejects.toThrow(
      /launch template with template name my-template does not exist/,
    );
    await expect(create('g', { VPCZoneIdentifier: 'subnet-1' })).rejects.toThrow(/does not support subnets/);
    await expect(create('g', { TargetGroupARNs: ['arn:tg'] })).rejects.toThrow(/does not support target groups/);
    await expect(create('g', { Tags: [{ Key: 'berth:instance-cpu', Value: 'big' }] })).rejects.toThrow(/berth:instance-cpu/);
    expect((await client.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toEqual([]);

    await create('g', { DesiredCapacity: 1 });
    await expect(create('g')).rejects.toMatchObject({ name: 'AlreadyExistsFault', Code: 'AlreadyExists' });
    await expect(client.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'g', DesiredCapacity: 9 }))).rejects.toThrow(
      'New SetDesiredCapacity value 9 is above max value 5 for the AutoScalingGroup.',
    );
    await expect(client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'g', MinSize: 6 }))).rejects.toThrow(
      'Max bound, 5, must be greater than or equal to min bound, 6',
    );
    await expect(client.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'nope', DesiredCapacity: 1 }))).rejects.toThrow(
      /AutoScalingGroup name not found/,
    );
    await until('in service', async () => inService(await describeGroup('g')).length === 1);
    await expect(client.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'g' }))).rejects.toMatchObject({
      name: 'ResourceInUseFault',
      Code: 'ResourceInUse',
    });
    expect(await describeGroup('g')).toMatchObject({ MinSize: 1, MaxSize: 5, DesiredCapacity: 1 });
  });

  it('moves the desired capacity inside new bounds, as Auto Scaling does', async () => {
    await create('g', { DesiredCapacity: 1 });
    await client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'g', MinSize: 2 }));
    expect(await describeGroup('g')).toMatchObject({ MinSize: 2, DesiredCapacity: 2 });
    await client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'g', MinSize: 0, MaxSize: 0 }));
    expect(await describeGroup('g')).toMatchObject({ MinSize: 0, MaxSize: 0, DesiredCapacity: 0 });
  });

  it('boots the same instances again after a restart, and a forced delete terminates them all', async () => {
    await create('g', { DesiredCapacity: 2 });
    await until('2 in service', async () => inService(await describeGroup('g')).length === 2);
    const before = (await describeGroup('g')).Instances!.map((i) => i.InstanceId).sort();
    await twin.stop?.();
    expect(fake.launched.map((f) => f.stoppedWith)).toEqual(['SIGTERM', 'SIGTERM']);
    expect(fake.destroyed).toEqual([]);

    const again = fakeHost();
    twin = start(again.host);
    await until('booted again', () => again.launched.length === 2);
    expect(again.launched.map((f) => f.spec.instanceId).sort()).toEqual(before);
    expect(again.launched.map((f) => f.spec.stateDir).sort()).toEqual(before.map((id) => `/state/${id}`));

    await client.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'g', ForceDelete: true }));
    await until('deleted', async () => (await client.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups!.length === 0);
    expect(again.destroyed.sort()).toEqual(before.map((id) => `/state/${id}`));
    expect(again.launched.every((f) => f.stoppedWith === 'SIGKILL')).toBe(true);
  });

  it('never hands one port slice to two instances, whatever runs at once', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => create(n, { DesiredCapacity: 2 })));
    // 3 + 3 + 2 + 2: every one of the machine's 10 slices handed out at once.
    await Promise.all(['a', 'b'].map((n) => client.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: n, DesiredCapacity: 3 }))));
    await until('10 instances', () => fake.launched.length === 10);
    const slices = fake.launched.map((f) => f.spec.dynamicPorts);
    expect(new Set(slices).size).toBe(10);
  });
});
