/**
 * Authentication and authorization end to end, against the local stack as
 * `npm start` runs it: the stock AWS CLI and SDK with test/test and with keys
 * that must be refused, the `berth` admin CLI's credentials and policies, and
 * container instances that may act only as themselves.
 */
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  SubmitTaskStateChangeCommand,
} from '@aws-sdk/client-ecs';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HollowFleet } from '../../src/agent/hollow/fleet.js';
import { awsCli } from '../support/aws-cli.js';
import { ecsClient } from '../support/ecs-client.js';
import { joinToken, signedPost } from '../support/security.js';
import { startStackFleet } from '../support/stack-fleet.js';
import { waitUntil } from '../support/wait.js';

const run = promisify(execFile);
const endpoint = () => inject('ecsEndpoint');
const ecs = ecsClient();
const BERTH_BIN = fileURLToPath(new URL('../../bin/berth.mjs', import.meta.url));
/** BERTH_CREDENTIAL_CACHE_MS of the e2e stack, plus margin. */
const CACHE_MS = 1500;

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The stock AWS CLI v2, as a user would run it. */
const aws = (key: Key, ...args: string[]) => awsCli(endpoint(), { credentials: key }).run(...args);

/** `npx berth …` against the e2e stack's table and key file. */
async function berth(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BERTH_BIN, ...args], {
    env: {
      ...process.env,
      BERTH_DYNAMODB_ENDPOINT: inject('stackDynamodbEndpoint'),
      BERTH_TABLE: inject('stackTable'),
      BERTH_SECRETS_KEY_FILE: inject('stackSecretsKeyFile'),
    },
  });
  return stdout;
}

const sdk = (key: Key, extra: Partial<ConstructorParameters<typeof ECSClient>[0]> = {}) =>
  new ECSClient({ endpoint: endpoint(), region: 'us-east-1', credentials: key, maxAttempts: 1, ...extra });

const TEST: Key = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('the ECS API checks SigV4 signatures', () => {
  it('serves the stock AWS CLI signing as test/test', async () => {
    const out = await aws(TEST, 'ecs', 'list-clusters');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).clusterArns).toEqual(expect.any(Array));
  });

  it('refuses a wrong secret and an unknown key with AWS codes', async () => {
    const wrong = await aws({ accessKeyId: 'test', secretAccessKey: 'not-test' }, 'ecs', 'create-cluster', '--cluster-name', 'sec-wrong');
    expect(wrong.code).toBe(254);
    expect(wrong.stderr).toMatch(
      /\(InvalidSignatureException\) when calling the CreateCluster operation.*: The request signature we calculated/,
    );
    const unknown = await aws(
      { accessKeyId: 'BKIANOSUCHKEY0000000', secretAccessKey: 'x' },
      'ecs',
      'create-cluster',
      '--cluster-name',
      'sec-wrong',
    );
    expect(unknown.stderr).toMatch(
      /\(UnrecognizedClientException\) when calling the CreateCluster operation.*: The security token included in the request is invalid\./,
    );
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['sec-wrong'] }));
    expect(clusters.failures).toEqual([expect.objectContaining({ reason: 'MISSING' })]);
  });

  it('refuses a signature 20 minutes old (the stock SDK with a skewed clock), and one from the future', async () => {
    for (const offset of [-20 * 60_000, 20 * 60_000]) {
      const err = await sdk(TEST, { systemClockOffset: offset })
        .send(new CreateClusterCommand({ clusterName: 'sec-skewed' }))
        .catch((e: Error) => e);
      expect(err).toMatchObject({
        name: 'InvalidSignatureException',
        message: expect.stringMatching(/^Signature (expired|not yet current): \d{8}T\d{6}Z/),
      });
    }
    expect((await ecs.send(new DescribeClustersCommand({ clusters: ['sec-skewed'] }))).clusters).toEqual([]);
  });

  it('refuses unsigned, malformed, oversized and tampered requests without a 5xx', async () => {
    const target = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.ListClusters' };
    const unsigned = await fetch(`${endpoint()}/`, { method: 'POST', headers: target, body: '{}' });
    expect([unsigned.status, await unsigned.json()]).toEqual([
      400,
      { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    ]);

    const bearer = await fetch(`${endpoint()}/`, { method: 'POST', headers: { ...target, Authorization: 'Bearer abc' }, body: '{}' });
    expect([bearer.status, (await bearer.json()).__type]).toEqual([400, 'IncompleteSignatureException']);

    const huge = await fetch(`${endpoint()}/`, {
      method: 'POST',
      headers: { ...target, Authorization: `AWS4-HMAC-SHA256 Credential=${'A'.repeat(6000)}` },
      body: '{}',
    });
    expect([huge.status, (await huge.json()).__type]).toEqual([400, 'IncompleteSignatureException']);

    // S3's UNSIGNED-PAYLOAD is not a body hash: the body is not covered, so it is refused (as every AWS service but S3 does).
    const unsignedPayload = await signedPost({ headers: { ...target, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: '{}' });
    expect([unsignedPayload.status, (await unsignedPayload.json()).__type]).toEqual([400, 'InvalidSignatureException']);

    // A session token Berth did not issue.
    const token = await signedPost({ headers: { ...target, 'X-Amz-Security-Token': 'FwoGZXIvYXdzE' }, body: '{}' });
    expect([token.status, (await token.json()).__type]).toEqual([400, 'UnrecognizedClientException']);
  });

  it('refuses a captured request replayed with another body or operation', async () => {
    const { Hash } = await import('@smithy/hash-node');
    const { HttpRequest } = await import('@smithy/protocol-http');
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const url = new URL(endpoint());
    const signer = new SignatureV4({ credentials: TEST, region: 'us-east-1', service: 'ecs', sha256: Hash.bind(null, 'sha256') });
    await ecs.send(new CreateClusterCommand({ clusterName: 'sec-replay' }));
    const body = JSON.stringify({ cluster: 'sec-replay' });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListServices',
        },
        body,
      }),
    );
    const { host: _h, ...headers } = signed.headers;
    const send = (h: Record<string, string>, b: string) => fetch(`${endpoint()}/`, { method: 'POST', headers: h, body: b });
    expect((await send(headers, body)).status).toBe(200);
    const asDelete = await send({ ...headers, 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteCluster' }, body);
    expect([asDelete.status, (await asDelete.json()).__type]).toEqual([400, 'InvalidSignatureException']);
    const otherBody = await send(headers, JSON.stringify({ cluster: 'sec-replay2' }));
    expect([otherBody.status, (await otherBody.json()).__type]).toEqual([400, 'InvalidSignatureException']);
    expect((await ecs.send(new DescribeClustersCommand({ clusters: ['sec-replay'] }))).clusters![0]!.status).toBe('ACTIVE');
  });
});

describe('Berth-issued credentials and policies (npx berth)', () => {
  it('gives a read-only key that can describe and list but change nothing', async () => {
    const created = JSON.parse(await berth('credentials', 'create', '--name', 'sec-reader', '--policy', 'read-only', '--json'));
    expect(created).toMatchObject({ name: 'sec-reader', policy: 'read-only', accessKeyId: expect.stringMatching(/^BKIA[A-Z2-7]{16}$/) });
    const key: Key = created;
    expect((await aws(key, 'ecs', 'list-clusters')).code).toBe(0);
    expect((await aws(key, 'ecs', 'describe-clusters', '--clusters', 'default')).code).toBe(0);

    const create = await aws(key, 'ecs', 'create-cluster', '--cluster-name', 'sec-readonly');
    expect(create.code).toBe(254);
    expect(create.stderr).toContain('(AccessDeniedException) when calling the CreateCluster operation');
    expect(create.stderr).toContain(
      ': User: arn:aws:iam::000000000000:user/sec-reader is not authorized to perform: ecs:CreateCluster on resource: arn:aws:ecs:us-east-1:000000000000:cluster/sec-readonly because no identity-based policy allows the ecs:CreateCluster action',
    );
    const service = await sdk(key)
      .send(new RunTaskCommand({ cluster: 'default', taskDefinition: 'nope' }))
      .catch((e: Error) => e);
    expect(service).toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('ecs:RunTask on resource') });
    expect((await ecs.send(new DescribeClustersCommand({ clusters: ['sec-readonly'] }))).clusters).toEqual([]);

    expect(await berth('credentials', 'list')).toMatch(new RegExp(`sec-reader\\s+${created.accessKeyId}\\s+read-only`));
    await berth('credentials', 'revoke', 'sec-reader');
    await new Promise((r) => setTimeout(r, CACHE_MS));
    expect((await aws(key, 'ecs', 'list-clusters')).stderr).toContain('UnrecognizedClientException');
  });

  it('evaluates a policy file: wildcards, resources, and an explicit Deny that wins', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'sec-dev-1' }));
    await ecs.send(new CreateClusterCommand({ clusterName: 'sec-prod-1' }));
    const file = join(mkdtempSync(join(tmpdir(), 'berth-policy-')), 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:List*'], Resource: '*' },
          { Effect: 'Allow', Action: 'ecs:*Cluster', Resource: 'arn:aws:ecs:*:*:cluster/sec-dev-*' },
          { Effect: 'Deny', Action: 'ecs:DeleteCluster', Resource: 'arn:aws:ecs:*:*:cluster/sec-dev-keep' },
        ],
      }),
    );
    const key: Key = JSON.parse(await berth('credentials', 'create', '--name', 'sec-dev', '--policy', file, '--json'));
    const dev = sdk(key);
    await dev.send(new CreateClusterCommand({ clusterName: 'sec-dev-keep' }));
    await expect(dev.send(new DeleteClusterCommand({ cluster: 'sec-dev-1' }))).resolves.toBeDefined();
    await expect(dev.send(new DeleteClusterCommand({ cluster: 'sec-prod-1' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('because no identity-based policy allows the ecs:DeleteCluster action'),
    });
    await expect(dev.send(new DeleteClusterCommand({ cluster: 'sec-dev-keep' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('with an explicit deny in an identity-based policy'),
    });
    const left = await ecs.send(new DescribeClustersCommand({ clusters: ['sec-prod-1', 'sec-dev-keep'] }));
    expect(left.clusters!.map((c) => c.status)).toEqual(['ACTIVE', 'ACTIVE']);
    await expect(dev.send(new ListClustersCommand({}))).resolves.toBeDefined();
  });

  it('refuses a policy it cannot enforce, saying why', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'berth-policy-')), 'conditional.json');
    writeFileSync(
      file,
      JSON.stringify({
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
      }),
    );
    const err = await berth('credentials', 'create', '--name', 'sec-cond', '--policy', file).catch((e: { stderr: string }) => e);
    expect(err).toMatchObject({ stderr: expect.stringContaining('Condition is not supported') });
  });
});

describe('container instances act only as themselves', () => {
  const cluster = 'sec-agents';
  let fleet: HollowFleet;
  let stateDir: string;
  let keys: Key[];
  let arns: string[];

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'berth-sec-hollow-'));
    fleet = await startStackFleet(ecs, cluster, 2, { stateDir });
    await ecs.send(new CreateClusterCommand({ clusterName: 'sec-other' }));
    arns = fleet.instances.map((i) => i.agent.containerInstanceArn!);
    keys = [0, 1].map((i) => JSON.parse(readFileSync(join(stateDir, `hollow-${i}`, 'credentials.json'), 'utf8')) as Key);
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'sec-sleep',
        containerDefinitions: [{ name: 'app', image: 'hollow', cpu: 64, memory: 64 }],
      }),
    );
  });
  afterAll(() => fleet?.stop());

  it('keeps each instance key in its state dir, readable by its owner only', () => {
    for (let i = 0; i < 2; i++) {
      const file = join(stateDir, `hollow-${i}`, 'credentials.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(keys[i]!.accessKeyId).toMatch(/^BKII[A-Z2-7]{16}$/);
    }
    expect(keys[0]!.accessKeyId).not.toBe(keys[1]!.accessKeyId);
  });

  it('refuses a poll as another instance, and a state report for another instance’s task', async () => {
    const poll = (key: Key, containerInstanceArn: string, reports: unknown[] = []) =>
      signedPost({
        path: '/agent/v1/poll',
        credentials: key,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ cluster, containerInstanceArn, reports }),
      });
    expect((await poll(keys[0]!, arns[0]!)).status).toBe(200);
    const asOther = await poll(keys[0]!, arns[1]!);
    expect(asOther.status).toBe(400);
    expect(await asOther.json()).toEqual({
      __type: 'AccessDeniedException',
      message: `User: ${arns[0]} is not authorized to perform: ecs:Poll on resource: ${arns[1]} because no identity-based policy allows the ecs:Poll action`,
    });

    const { tasks } = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'sec-sleep' }));
    const task = tasks![0]!;
    const owner = arns.indexOf(task.containerInstanceArn!);
    const other = 1 - owner;
    await waitUntil('the task to run', async () => {
      const [t] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [task.taskArn!] }))).tasks!;
      return t!.lastStatus === 'RUNNING';
    });

    // ECS's own state-change call, by the stock SDK signing with the other instance's key.
    await expect(
      sdk(keys[other]!).send(new SubmitTaskStateChangeCommand({ cluster, task: task.taskArn!, status: 'STOPPED', reason: 'forged' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('because the task does not run on this container instance'),
    });
    // Berth's poll: a report for a task that is not the instance's is acknowledged and ignored.
    const forged = await poll(keys[other]!, arns[other]!, [{ taskArn: task.taskArn, status: 'STOPPED', containers: [] }]);
    expect(forged.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    const [after] = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [task.taskArn!] }))).tasks!;
    expect(after).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });

    // An instance key is no key for the rest of the API.
    await expect(sdk(keys[owner]!).send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(sdk(keys[owner]!).send(new DescribeClustersCommand({ clusters: ['sec-other'] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('refuses bad join tokens and a token for another cluster', async () => {
    const join = (token: string, body: object) =>
      fetch(`${endpoint()}/agent/v1/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          totalResources: [
            { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
            { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
          ],
          ...body,
        }),
      });
    // `npx berth join-token create`, good for one registration.
    const created = JSON.parse(
      await berth('join-token', 'create', '--cluster', cluster, '--expires', '10m', '--max-registrations', '1', '--json'),
    );
    expect(created).toMatchObject({ cluster, maxRegistrations: 1, token: expect.stringMatching(/^bjt-[0-9a-f]{16}\./) });
    const first = await join(created.token, {});
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      credentials: { accessKeyId: expect.stringMatching(/^BKII/), secretAccessKey: expect.any(String) },
    });
    const again = await join(created.token, {});
    expect([again.status, (await again.json()).__type]).toEqual([400, 'UnrecognizedClientException']);
    expect(await berth('join-token', 'list')).toMatch(new RegExp(`${created.id}\\s+${cluster}\\s+\\S+\\s+1/1`));

    const forged = await join(`bjt-${'0'.repeat(16)}.${'x'.repeat(43)}`, { cluster });
    expect([forged.status, (await forged.json()).__type]).toEqual([400, 'UnrecognizedClientException']);
    const garbage = await join('not-a-token', { cluster });
    expect([garbage.status, (await garbage.json()).__type]).toEqual([400, 'UnrecognizedClientException']);
    const wrongCluster = await join(await joinToken(cluster), { cluster: 'sec-other' });
    expect([wrongCluster.status, (await wrongCluster.json()).__type]).toEqual([400, 'AccessDeniedException']);
    // A join token cannot take over an instance that has its own key.
    const takeover = await join(await joinToken(cluster), { cluster, containerInstanceArn: arns[0] });
    expect([takeover.status, (await takeover.json()).__type]).toEqual([400, 'AccessDeniedException']);
  });

  it('revokes an instance key when the instance is deregistered', async () => {
    const last = arns[1]!;
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: last, force: true }));
    await new Promise((r) => setTimeout(r, CACHE_MS));
    const res = await signedPost({
      path: '/agent/v1/poll',
      credentials: keys[1]!,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cluster, containerInstanceArn: last }),
    });
    expect([res.status, (await res.json()).__type]).toEqual([400, 'UnrecognizedClientException']);
  });
});
