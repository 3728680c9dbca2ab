/** The agent's HTTP client against the real control plane (in process, on DynamoDB Local, SigV4 checked), and against broken transports. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../../src/agent/control-loop/control-plane-client.js';
import { ControlPlaneError, normalizeErrorType } from '../../../src/agent/control-loop/control-plane-error.js';
import { toEcsResources } from '../../../src/agent/control-loop/ecs-registration.js';
import { ADMIN_CREDENTIALS, ControlPlaneServer, POLL_PATH, REGISTER_PATH } from '../../support/control-plane-server.js';

describe('ControlPlaneClient', () => {
  let cp: ControlPlaneServer;
  beforeAll(async () => {
    cp = await ControlPlaneServer.start({ pollIntervalMs: 250 });
    await cp.createCluster('default');
  });
  afterAll(() => cp.close());

  const register = (client: ControlPlaneClient, cluster = 'default') =>
    client.registerContainerInstance({
      cluster,
      totalResources: toEcsResources({ cpu: 2048, memory: 3800 }),
      attributes: [{ name: 'ecs.availability-zone', value: 'us-east-1a' }],
      versionInfo: { agentVersion: '0.1.0' },
    });

  /** An operator's key, allowed every ECS action (the real control plane checks every signature). */
  const admin = (opts: { endpoint?: string } = {}) =>
    new ControlPlaneClient({ endpoint: opts.endpoint ?? cp.url, credentials: ADMIN_CREDENTIALS });

  const joinRequest = {
    totalResources: toEcsResources({ cpu: 2048, memory: 3800 }),
    attributes: [],
    versionInfo: { agentVersion: '0.1.0' },
  };

  it('speaks AWS JSON 1.1 to the ECS API, signed', async () => {
    const client = admin({ endpoint: `${cp.url}/` });
    const before = cp.requests.length;
    const arn = await register(client);
    expect(arn).toMatch(/^arn:aws:ecs:us-east-1:000000000000:container-instance\/default\/[0-9a-f]{32}$/);
    const req = cp.requests[before]!;
    expect(req.path).toBe('/');
    expect(req.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(req.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.RegisterContainerInstance');
    expect(req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/ecs\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(req.body.totalResources).toEqual([
      { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 3800 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678', '51679'] },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
    ]);
    expect(req.body).not.toHaveProperty('containerInstanceArn');

    expect(await client.discoverPollEndpoint('default', arn)).toBe(cp.url);
    await client.deregisterContainerInstance('default', arn);
    expect(cp.requests.slice(before).map((r) => r.operation)).toEqual([
      'RegisterContainerInstance',
      'DiscoverPollEndpoint',
      'DeregisterContainerInstance',
    ]);
    expect(await cp.instance('default', arn)).toMatchObject({ status: 'INACTIVE' });
  });

  it('joins with the join token as a bearer token, then polls /agent/v1/poll with JSON signed by its own key', async () => {
    const token = await cp.joinToken('default');
    const client = new ControlPlaneClient({ endpoint: cp.url });
    const joined = await client.join(token, { cluster: 'default', ...joinRequest });
    expect(cp.requests.at(-1)).toMatchObject({ path: REGISTER_PATH, headers: { authorization: `Bearer ${token}` } });
    expect(joined.credentials.accessKeyId).toMatch(/^BKII/);
    client.setCredentials(joined.credentials);
    const arn = joined.containerInstanceArn;
    const res = await client.poll(cp.url, { cluster: 'default', containerInstanceArn: arn, reports: [], full: true });
    expect(res).toEqual({ pollIntervalMs: 250, tasks: [], acknowledged: [], unknown: [] });
    const req = cp.requests.at(-1)!;
    expect(req.path).toBe(POLL_PATH);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${joined.credentials.accessKeyId}/\\d{8}/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date, `,
      ),
    );
  });

  it('is refused when unsigned, or signed by a key that does not exist', async () => {
    const unsigned = await register(new ControlPlaneClient({ endpoint: cp.url })).catch((e: unknown) => e);
    expect(unsigned).toMatchObject({ type: 'MissingAuthenticationTokenException', retryable: false });
    const stranger = new ControlPlaneClient({
      endpoint: cp.url,
      credentials: { accessKeyId: 'BKIINOSUCHKEY0000000', secretAccessKey: 'x' },
    });
    expect(await register(stranger).catch((e: unknown) => e)).toMatchObject({ type: 'UnrecognizedClientException', retryable: false });
  });

  it('throws typed errors carrying the ECS __type', async () => {
    const client = admin();
    const err = await register(client, 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ControlPlaneError);
    expect(err).toMatchObject({ type: 'ClusterNotFoundException', statusCode: 400, retryable: false });
    const pollErr = await client
      .poll(cp.url, { cluster: 'default', containerInstanceArn: 'arn:nope', reports: [], full: false })
      .catch((e: unknown) => e);
    expect(pollErr).toMatchObject({ type: 'InvalidContainerInstanceException', retryable: false });
    cp.failPolls(1);
    const arn = await register(client);
    const serverErr = await client
      .poll(cp.url, { cluster: 'default', containerInstanceArn: arn, reports: [], full: false })
      .catch((e: unknown) => e);
    expect(serverErr).toMatchObject({ type: 'ServerException', statusCode: 500, retryable: true });
  });

  it('is refused, with InvalidParameterException naming the member, when it sends what the protocol does not allow', async () => {
    const client = admin();
    const arn = await register(client);
    const bad = { cluster: 'default', containerInstanceArn: arn, reports: [{ taskArn: 'arn:t', status: 'DONE', containers: [] }] };
    const err = await client.poll(cp.url, bad as never).catch((e: unknown) => e);
    expect(err).toMatchObject({
      type: 'InvalidParameterException',
      statusCode: 400,
      message: 'poll: reports[0].status must be one of PENDING, RUNNING, STOPPED',
    });
  });

  it('refuses endpoints that are not http(s) URLs', () => {
    expect(() => new ControlPlaneClient({ endpoint: '127.0.0.1:3000' })).toThrow(TypeError);
    expect(() => new ControlPlaneClient({ endpoint: 'ftp://example.com' })).toThrow(TypeError);
  });

  it('normalizes qualified error types', () => {
    expect(normalizeErrorType('com.amazonaws.ecs#ClusterNotFoundException')).toBe('ClusterNotFoundException');
    expect(normalizeErrorType('ThrottlingException:http://internal.amazon.com/')).toBe('ThrottlingException');
  });

  describe('broken transports', () => {
    let broken: Server;
    let brokenUrl: string;
    let answer: ((res: import('node:http').ServerResponse) => void) | undefined;
    beforeEach(async () => {
      answer = undefined; // accepts, never answers
      broken = createServer((_req, res) => answer?.(res));
      await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
      brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    });

    it('times out as a retryable TimeoutError', async () => {
      const client = new ControlPlaneClient({ endpoint: brokenUrl, timeoutMs: 50 });
      await expect(client.discoverPollEndpoint('default', 'arn')).rejects.toMatchObject({ type: 'TimeoutError', retryable: true });
    });

    it('aborts with the client signal, which is not worth retrying', async () => {
      const abort = new AbortController();
      const client = new ControlPlaneClient({ endpoint: brokenUrl, signal: abort.signal });
      const pending = client.discoverPollEndpoint('default', 'arn');
      abort.abort();
      await expect(pending).rejects.toMatchObject({ type: 'AbortError', retryable: false });
    });

    it('reports a refused connection as a NetworkingError', async () => {
      const client = new ControlPlaneClient({ endpoint: 'http://127.0.0.1:1' });
      await expect(client.discoverPollEndpoint('default', 'arn')).rejects.toMatchObject({ type: 'NetworkingError', retryable: true });
    });

    it('refuses a poll answer that is not the protocol’s, naming the member', async () => {
      answer = (res) =>
        res.end(
          JSON.stringify({ pollIntervalMs: 1000, tasks: [{ taskArn: 'arn:t', desiredStatus: 'RUNNING' }], acknowledged: [], unknown: [] }),
        );
      const client = new ControlPlaneClient({ endpoint: brokenUrl });
      await expect(client.poll(brokenUrl, { cluster: 'default', containerInstanceArn: 'arn:i' })).rejects.toMatchObject({
        type: 'InvalidResponse',
        message: 'poll: tasks[0].spec must be an object',
      });
    });
  });
});
