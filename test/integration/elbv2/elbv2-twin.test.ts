/**
 * The Elastic Load Balancing v2 twin with stock clients (the SDK and
 * /usr/bin/aws) on DynamoDB Local, in front of real HTTP servers: its API
 * shapes and errors, health checks, round robin, draining, ALB's 502/503,
 * and its state surviving a restart.
 */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  waitUntilTargetInService,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort } from '../../../infra/local/ports.js';
import { startLocalElbv2, type LocalElbv2 } from '../../support/elbv2-local.js';
import { startHttpTarget, type HttpTarget } from '../../support/http-targets.js';
import { waitUntil } from '../../support/wait.js';

const instanceId = () => randomBytes(16).toString('hex');
const table = `elbv2-${randomUUID()}`;
let elb: LocalElbv2;
const servers: HttpTarget[] = [];
const instances = [instanceId(), instanceId(), instanceId()];

beforeAll(async () => {
  elb = await startLocalElbv2(inject('dynamodbEndpoint'), table);
  for (const name of ['a', 'b', 'c']) servers.push(await startHttpTarget(name));
});
afterAll(async () => {
  await elb?.stop();
  for (const s of servers) await s.close();
});

const fastChecks = {
  HealthCheckPath: '/health',
  HealthCheckIntervalSeconds: 5,
  HealthCheckTimeoutSeconds: 2,
  HealthyThresholdCount: 2,
  UnhealthyThresholdCount: 2,
};

/** `aws elbv2 create-target-group` for the group in front of the three servers, with quick health checks. */
const CREATE_WEB_GROUP = [
  ...['create-target-group', '--name', 'web', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-1', '--health-check-path', '/health'],
  ...['--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2'],
  ...['--unhealthy-threshold-count', '2', '--matcher', 'HttpCode=200-299'],
];

async function newTargetGroup(name: string): Promise<TargetGroup> {
  const out = await elb.client.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', TargetType: 'instance', ...fastChecks }),
  );
  return out.TargetGroups![0];
}

async function health(tgArn: string) {
  const out = await elb.client.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  return out
    .TargetHealthDescriptions!.map((d) => ({ port: d.Target!.Port, state: d.TargetHealth!.State, reason: d.TargetHealth!.Reason }))
    .sort((a, b) => a.port! - b.port!);
}

async function get(url: string): Promise<{ status: number; body: string; server?: string | null }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), server: res.headers.get('x-served-by') ?? res.headers.get('server') };
}

describe('ELBv2 twin: a load balancer in front of three servers', () => {
  let tg: TargetGroup;
  let url: string;
  let lbArn: string;
  let listenerArn: string;

  it('creates a target group, a load balancer and a listener with the AWS CLI, shaped as ELB answers', async () => {
    const created = await elb.cli(...CREATE_WEB_GROUP);
    tg = created.TargetGroups[0];
    expect(tg).toMatchObject({
      TargetGroupName: 'web',
      Protocol: 'HTTP',
      Port: 80,
      TargetType: 'instance',
      HealthCheckPath: '/health',
      HealthCheckPort: 'traffic-port',
      Matcher: { HttpCode: '200-299' },
      LoadBalancerArns: [],
    });
    expect(tg.TargetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup\/web\/[0-9a-f]{16}$/);
    // Same name and settings: the same group (ELB's create is idempotent).
    const again = await elb.cli(...CREATE_WEB_GROUP);
    expect(again.TargetGroups[0].TargetGroupArn).toBe(tg.TargetGroupArn);

    const lb = (await elb.cli('create-load-balancer', '--name', 'web-lb', '--subnets', 'subnet-1', 'subnet-2')).LoadBalancers[0];
    lbArn = lb.LoadBalancerArn;
    expect(lb).toMatchObject({
      LoadBalancerName: 'web-lb',
      Type: 'application',
      Scheme: 'internet-facing',
      State: { Code: 'active' },
      DNSName: '127.0.0.1',
    });
    expect(lb.AvailabilityZones.map((z: { SubnetId: string }) => z.SubnetId)).toEqual(['subnet-1', 'subnet-2']);

    const port = await freePort();
    const listener = (
      await elb.cli(
        'create-listener',
        '--load-balancer-arn',
        lbArn,
        '--protocol',
        'HTTP',
        '--port',
        String(port),
        '--default-actions',
        `Type=forward,TargetGroupArn=${tg.TargetGroupArn}`,
      )
    ).Listeners[0];
    listenerArn = listener.ListenerArn;
    expect(listener).toMatchObject({ Port: port, Protocol: 'HTTP', LoadBalancerArn: lbArn });
    expect(listener.DefaultActions[0]).toMatchObject({ Type: 'forward', TargetGroupArn: tg.TargetGroupArn });
    url = `http://127.0.0.1:${port}`;
    const described = await elb.client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] }));
    expect(described.TargetGroups![0].LoadBalancerArns).toEqual([lbArn]);
  });

  it('answers 503 while no target is registered', async () => {
    const res = await get(`${url}/`);
    expect(res.status).toBe(503);
    expect(res.server).toBe('awselb/2.0');
  });

  it('health-checks registered targets from initial to healthy, then round-robins over them', async () => {
    await elb.cli(
      'register-targets',
      '--target-group-arn',
      tg.TargetGroupArn!,
      '--targets',
      ...servers.map((s, i) => `Id=${instances[i]},Port=${s.port}`),
    );
    const first = await health(tg.TargetGroupArn!);
    expect(first.map((h) => h.state)).toEqual(['initial', 'initial', 'initial']);
    await waitUntilTargetInService(
      { client: elb.client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { TargetGroupArn: tg.TargetGroupArn },
    );
    const counts = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const res = await get(`${url}/`);
      expect(res.status).toBe(200);
      counts.set(res.body, (counts.get(res.body) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([10, 10, 10]);
  });

  it('takes a target that fails its checks out of rotation, with the reason ELB gives', async () => {
    servers[0].healthStatus = 500;
    const h = await waitUntil(
      'server a unhealthy',
      async () => (await health(tg.TargetGroupArn!)).find((x) => x.port === servers[0].port && x.state === 'unhealthy'),
      20_000,
    );
    expect(h.reason).toBe('Target.ResponseCodeMismatch');
    const cli = await elb.cli(
      'describe-target-health',
      '--target-group-arn',
      tg.TargetGroupArn!,
      '--targets',
      `Id=${instances[0]},Port=${servers[0].port}`,
    );
    expect(cli.TargetHealthDescriptions[0].TargetHealth).toEqual({
      State: 'unhealthy',
      Reason: 'Target.ResponseCodeMismatch',
      Description: 'Health checks failed with these codes: [500]',
    });
    const before = servers[0].served;
    for (let i = 0; i < 10; i++) expect((await get(`${url}/`)).body).not.toContain('hello from a');
    expect(servers[0].served).toBe(before);
    servers[0].healthStatus = 200;
    await waitUntil('server a healthy again', async () => (await health(tg.TargetGroupArn!)).every((x) => x.state === 'healthy'), 20_000);
  });

  it('drains a deregistered target: its in-flight request completes, it gets no new ones, then it is gone', async () => {
    await elb.client.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: tg.TargetGroupArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '20' }],
      }),
    );
    // Park a slow request on each target, then deregister b while its request is in flight.
    const slow = servers.map(() => get(`${url}/slow`));
    await waitUntil('slow requests in flight', async () => servers.every((s) => s.inFlight === 1), 5000);
    await elb.client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: instances[1], Port: servers[1].port }] }),
    );
    const during = await health(tg.TargetGroupArn!);
    expect(during.find((x) => x.port === servers[1].port)).toEqual({
      port: servers[1].port,
      state: 'draining',
      reason: 'Target.DeregistrationInProgress',
    });
    for (let i = 0; i < 10; i++) expect((await get(`${url}/`)).body).not.toContain('hello from b');
    const answers = await Promise.all(slow);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body).sort()).toEqual(['hello from a\n', 'hello from b\n', 'hello from c\n']);
    // Nothing in flight any more: the deregistration completes before the 20 s delay, as ELB completes it.
    await waitUntil('b deregistered', async () => !(await health(tg.TargetGroupArn!)).some((x) => x.port === servers[1].port), 5000);
    const gone = await elb.cli(
      'describe-target-health',
      '--target-group-arn',
      tg.TargetGroupArn!,
      '--targets',
      `Id=${instances[1]},Port=${servers[1].port}`,
    );
    expect(gone.TargetHealthDescriptions[0].TargetHealth).toMatchObject({ State: 'unused', Reason: 'Target.NotRegistered' });
    // Deregistering it again is harmless.
    await elb.client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: instances[1], Port: servers[1].port }] }),
    );
  });

  it('fails open when every target is unhealthy, and answers 502 when the target refuses the connection', async () => {
    const dead = await freePort();
    const other = await newTargetGroup('dead');
    await elb.client.send(
      new RegisterTargetsCommand({ TargetGroupArn: other.TargetGroupArn, Targets: [{ Id: instanceId(), Port: dead }] }),
    );
    const lb2 = await elb.client.send(new CreateLoadBalancerCommand({ Name: 'dead-lb' }));
    const port = await freePort();
    await elb.client.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb2.LoadBalancers![0].LoadBalancerArn,
        Port: port,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: other.TargetGroupArn }],
      }),
    );
    await waitUntil('dead target unhealthy', async () => (await health(other.TargetGroupArn!))[0].state === 'unhealthy', 20_000);
    expect((await health(other.TargetGroupArn!))[0].reason).toBe('Target.FailedHealthChecks');
    const res = await get(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(502);
    await elb.client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb2.LoadBalancers![0].LoadBalancerArn }));
    await expect(get(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect((await health(other.TargetGroupArn!))[0]).toMatchObject({ state: 'unused', reason: 'Target.NotInUse' });
    await elb.client.send(new DeleteTargetGroupCommand({ TargetGroupArn: other.TargetGroupArn }));
  });

  it('refuses bad input with the model error codes and changes nothing', async () => {
    const bad = async (args: string[], code: RegExp) => expect(elb.cli(...args)).rejects.toThrow(code);
    const refused = async (command: object, name: string) => expect(elb.client.send(command as never)).rejects.toMatchObject({ name });
    await bad(
      ['create-target-group', '--name', 'web', '--protocol', 'HTTP', '--port', '8080', '--vpc-id', 'vpc-1'],
      /DuplicateTargetGroupName/,
    );
    await bad(['describe-target-groups', '--names', 'nope'], /TargetGroupNotFound/);
    await refused(
      new RegisterTargetsCommand({
        TargetGroupArn: tg.TargetGroupArn!.replace(/[0-9a-f]{16}$/, '0000000000000000'),
        Targets: [{ Id: instances[0] }],
      }),
      'TargetGroupNotFoundException',
    );
    // The CLI checks ranges itself; the SDK sends them, and the twin answers as ELB does.
    await expect(
      elb.client.send(new CreateTargetGroupCommand({ Name: 'x', Protocol: 'HTTP', Port: 80, HealthCheckIntervalSeconds: 1 })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(
        /Value '1' at '[hH]ealthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5/,
      ),
    });
    await refused(
      new CreateTargetGroupCommand({ Name: 'x', Protocol: 'HTTP', Port: 80, TargetType: 'ip' }),
      'InvalidConfigurationRequestException',
    );
    await refused(new CreateTargetGroupCommand({ Name: 'bad_name', Protocol: 'HTTP', Port: 80 }), 'ValidationError');
    await refused(
      new CreateTargetGroupCommand({ Name: 'x', Protocol: 'HTTP', Port: 80, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 5 }),
      'ValidationError',
    );
    await bad(
      ['modify-target-group-attributes', '--target-group-arn', tg.TargetGroupArn!, '--attributes', 'Key=stickiness.enabled,Value=true'],
      /InvalidConfigurationRequest/,
    );
    await refused(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'no.such', Value: '1' }] }),
      'ValidationError',
    );
    await refused(
      new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: 'not-an-instance' }] }),
      'InvalidTargetException',
    );
    await bad(['delete-target-group', '--target-group-arn', tg.TargetGroupArn!], /ResourceInUse/);
    await refused(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 1,
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      }),
      'InvalidConfigurationRequestException',
    );
    // A port something else on the machine listens on.
    const squatter = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    const taken = (squatter.address() as { port: number }).port;
    await bad(
      [
        'create-listener',
        '--load-balancer-arn',
        lbArn,
        '--protocol',
        'HTTP',
        '--port',
        String(taken),
        '--default-actions',
        `Type=forward,TargetGroupArn=${tg.TargetGroupArn}`,
      ],
      /InvalidConfigurationRequest.*port .*not available/,
    );
    squatter.close();
    // Signed as every Berth API is: a wrong secret or no signature at all gets the query protocol's auth errors.
    const forger = new ElasticLoadBalancingV2Client({
      endpoint: elb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    await expect(forger.send(new CreateTargetGroupCommand({ Name: 'forged', Protocol: 'HTTP', Port: 80 }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    forger.destroy();
    const unsigned = await fetch(elb.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateTargetGroup&Version=2015-12-01&Name=unsigned&Protocol=HTTP&Port=80',
    });
    expect([unsigned.status, /<Code>(\w+)<\/Code>/.exec(await unsigned.text())?.[1]]).toEqual([403, 'MissingAuthenticationToken']);
    const listeners = await elb.client.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));
    expect(listeners.Listeners!.map((l) => l.ListenerArn)).toEqual([listenerArn]);
    const groups = await elb.cli('describe-target-groups');
    expect(groups.TargetGroups.map((g: TargetGroup) => g.TargetGroupName)).toEqual(['web']);
  });

  it('keeps its load balancers, listeners, targets and health across a restart, and serves again', async () => {
    await elb.client.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn, HealthyThresholdCount: 3 }));
    const before = await health(tg.TargetGroupArn!);
    await elb.stop();
    elb = await startLocalElbv2(inject('dynamodbEndpoint'), table);
    expect(await health(tg.TargetGroupArn!)).toEqual(before);
    const groups = await elb.client.send(new DescribeTargetGroupsCommand({ Names: ['web'] }));
    expect(groups.TargetGroups![0]).toMatchObject({ HealthyThresholdCount: 3, LoadBalancerArns: [lbArn] });
    const res = await get(`${url}/`);
    expect(res.status).toBe(200);
  });

  it('deletes the listener and the load balancer', async () => {
    await elb.client.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    await expect(get(`${url}/`)).rejects.toThrow();
    await elb.client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
    await expect(elb.cli('describe-load-balancers', '--load-balancer-arns', lbArn)).rejects.toThrow(/LoadBalancerNotFound/);
  });
});
