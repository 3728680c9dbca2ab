import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlPlaneClient } from '../../../../src/agent/core/control-plane-client.js';
import { ControlPlaneError, normalizeErrorType } from '../../../../src/agent/core/control-plane-error.js';
import { toEcsResources } from '../../../../src/agent/core/protocol.js';
import { readClaim, verifyClaim } from '../../../../src/auth/sigv4.js';
import { FAKE_JOIN_TOKEN, FakeControlPlane, type RecordedRequest } from '../../../support/fake-control-plane.js';

describe('ControlPlaneClient', () => {
  let cp: FakeControlPlane;
  beforeEach(async () => {
    cp = await FakeControlPlane.start();
  });
  afterEach(() => cp.close());

  const register = (client: ControlPlaneClient, cluster = 'default') =>
    client.registerContainerInstance({
      cluster,
      totalResources: toEcsResources({ cpu: 2048, memory: 3800 }),
      attributes: [{ name: 'ecs.availability-zone', value: 'us-east-1a' }],
      versionInfo: { agentVersion: '0.1.0' },
    });

  const credentials = { accessKeyId: 'BKIIEXAMPLEEXAMPLE00', secretAccessKey: 'instance-secret' };

  /** The control plane's own check of what the fake received: the signature must verify with the instance's secret. */
  const verify = async (req: RecordedRequest, now: number) => {
    const signed = { method: 'POST', path: req.path, headers: req.headers as Record<string, string>, body: req.raw };
    return verifyClaim(signed, readClaim(signed, { region: 'us-east-1', service: 'ecs' }, now), credentials.secretAccessKey);
  };

  it('speaks AWS JSON 1.1 to the ECS API, signed with the instance key', async () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5);
    const client = new ControlPlaneClient({ endpoint: `${cp.url}/`, now: () => now, credentials });
    const arn = await register(client);
    expect(arn).toMatch(/^arn:aws:ecs:us-east-1:000000000000:container-instance\/default\/[0-9a-f]{32}$/);
    const [req] = cp.requests;
    expect(req.path).toBe('/');
    expect(req.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(req.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.RegisterContainerInstance');
    expect(req.headers['x-amz-date']).toBe('20250102T030405Z');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=BKIIEXAMPLEEXAMPLE00\/20250102\/us-east-1\/ecs\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(await verify(req, now)).toBeUndefined();
    expect(req.body.totalResources).toEqual([
      { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 3800 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678', '51679'] },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
    ]);
    expect(req.body).not.toHaveProperty('containerInstanceArn');

    expect(await client.discoverPollEndpoint('default', arn)).toBe(cp.url);
    await client.deregisterContainerInstance('default', arn);
    expect(cp.requests.map((r) => r.operation)).toEqual([
      'RegisterContainerInstance',
      'DiscoverPollEndpoint',
      'DeregisterContainerInstance',
    ]);
    expect(cp.instances.get(arn)?.deregistered).toBe(true);
  });

  it('polls /agent/v1/poll with JSON, signed; joins with the join token as a bearer token', async () => {
    const client = new ControlPlaneClient({ endpoint: cp.url });
    const joined = await client.join(FAKE_JOIN_TOKEN, {
      cluster: 'default',
      totalResources: toEcsResources({ cpu: 2048, memory: 3800 }),
      attributes: [],
      versionInfo: { agentVersion: '0.1.0' },
    });
    expect(cp.requests.at(-1)).toMatchObject({ path: '/agent/v1/register', headers: { authorization: `Bearer ${FAKE_JOIN_TOKEN}` } });
    expect(joined.credentials.accessKeyId).toMatch(/^BKII/);
    client.setCredentials(credentials);
    const arn = joined.containerInstanceArn;
    const res = await client.poll(cp.url, { cluster: 'default', containerInstanceArn: arn, reports: [], full: true });
    expect(res).toEqual({ pollIntervalMs: cp.pollIntervalMs, tasks: [], acknowledged: [], unknown: [] });
    const req = cp.requests.at(-1)!;
    expect(req.path).toBe('/agent/v1/poll');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=BKIIEXAMPLEEXAMPLE00\/\d{8}\/us-east-1\/ecs\/aws4_request, SignedHeaders=content-type;host;x-amz-date, /,
    );
    expect(await verify(req, Date.now())).toBeUndefined();
  });

  it('throws typed errors carrying the ECS __type', async () => {
    const client = new ControlPlaneClient({ endpoint: cp.url });
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

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(() => new ControlPlaneClient({ endpoint: '127.0.0.1:3000' })).toThrow(TypeError);
    expect(() => new ControlPlaneClient({ endpoint: 'ftp://example.com' })).toThrow(TypeError);
  });

  it('normalizes qualified error types', () => {
    expect(normalizeErrorType('com.amazonaws.ecs#ClusterNotFoundException')).toBe('ClusterNotFoundException');
    expect(normalizeErrorType('ThrottlingException:http://internal.amazon.com/')).toBe('ThrottlingException');
  });

  describe('transport failures', () => {
    let silent: Server;
    let silentUrl: string;
    beforeEach(async () => {
      silent = createServer(() => undefined); // accepts, never answers
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('times out as a retryable TimeoutError', async () => {
      const client = new ControlPlaneClient({ endpoint: silentUrl, timeoutMs: 50 });
      await expect(client.discoverPollEndpoint('default', 'arn')).rejects.toMatchObject({ type: 'TimeoutError', retryable: true });
    });

    it('aborts with the client signal, which is not worth retrying', async () => {
      const abort = new AbortController();
      const client = new ControlPlaneClient({ endpoint: silentUrl, signal: abort.signal });
      const pending = client.discoverPollEndpoint('default', 'arn');
      abort.abort();
      await expect(pending).rejects.toMatchObject({ type: 'AbortError', retryable: false });
    });

    it('reports a refused connection as a NetworkingError', async () => {
      const client = new ControlPlaneClient({ endpoint: 'http://127.0.0.1:1' });
      await expect(client.discoverPollEndpoint('default', 'arn')).rejects.toMatchObject({ type: 'NetworkingError', retryable: true });
    });
  });
});
