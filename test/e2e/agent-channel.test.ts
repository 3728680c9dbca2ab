/**
 * The push channel on the local stack: API Gateway's WebSocket API as
 * serverless-offline serves it behind the edge. Refusals at $connect, bad
 * frames answered with error frames, a placement pushed the moment it is
 * committed, and real agents (process driver) on the channel keeping a
 * deployment whole while their connections are cut under them.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StartTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { keys } from '../../src/adapters/dynamodb/keys.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { ControlPlaneClient } from '../../src/agent/control-loop/control-plane-client.js';
import { TEST_IMAGE } from '../../src/agent/test-image.js';
import { parseChannelFrame, type ChannelFrame } from '../../src/protocol/index.js';
import { startAgentCluster, type AgentCluster } from '../support/agent-cluster.js';
import { ecsClient } from '../support/ecs-client.js';
import { joinToken, stackConfig } from '../support/security.js';
import { waitUntil } from '../support/wait.js';

const ecs = ecsClient();
const run = randomUUID().slice(0, 8);
const wsUrl = () => inject('ecsEndpoint').replace(/^http/, 'ws');

async function signedHeaders(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Record<string, string>> {
  const url = new URL(wsUrl());
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'ecs',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host },
      body: '',
    }),
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

/** Opens a socket; resolves with it once open, or with the status $connect refused it with. */
function connect(headers: Record<string, string> = {}): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(), { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Frames as they arrive, and a way to wait for one. */
function frames(ws: WebSocket) {
  const seen: ChannelFrame[] = [];
  ws.on('message', (data) => seen.push(parseChannelFrame(String(data))));
  return {
    seen,
    next: (what: string, match: (f: ChannelFrame) => boolean, timeoutMs = 10_000) =>
      waitUntil(what, async () => seen.find(match), timeoutMs, 5),
  };
}

describe('the agent push channel ($connect, frames, pushes)', () => {
  const cluster = `channel-e2e-${run}`;
  let client: ControlPlaneClient;
  let arn: string;
  let credentials: { accessKeyId: string; secretAccessKey: string };
  const open: WebSocket[] = [];

  beforeAll(async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `channel-${run}`,
        containerDefinitions: [{ name: 'app', image: 'busybox', cpu: 10, memory: 16 }],
      }),
    );
    client = new ControlPlaneClient({ endpoint: inject('ecsEndpoint') });
    const joined = await client.join(await joinToken(cluster), {
      cluster,
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
      ],
      attributes: [],
    } as never);
    arn = joined.containerInstanceArn;
    credentials = joined.credentials;
  });

  afterAll(() => {
    for (const ws of open) ws.terminate();
  });

  it('refuses a connection without an instance signature, and one signed by an operator', async () => {
    expect((await connect()).status).toBeGreaterThanOrEqual(400);
    expect((await connect(await signedHeaders({ accessKeyId: 'test', secretAccessKey: 'test' }))).status).toBe(403);
    expect((await connect(await signedHeaders({ accessKeyId: credentials.accessKeyId, secretAccessKey: 'wrong' }))).status).toBe(403);
  });

  it('answers bad frames with error frames and polls for the instance that connected', async () => {
    const { ws } = await connect(await signedHeaders(credentials));
    open.push(ws!);
    const f = frames(ws!);
    ws!.send('not json');
    ws!.send(JSON.stringify({ action: 'poll', id: 1, poll: { cluster, containerInstanceArn: arn, extra: 1 } }));
    ws!.send(JSON.stringify({ action: 'poll', id: 2, poll: { cluster, containerInstanceArn: arn.replace(/[0-9a-f]{8}$/, '00000000') } }));
    ws!.send(JSON.stringify({ action: 'poll', id: 3, poll: { cluster, containerInstanceArn: arn } }));
    ws!.send(JSON.stringify({ action: 'beat' }));
    expect(await f.next('error for id 1', (x) => x.type === 'error' && x.id === 1)).toMatchObject({ code: 'InvalidParameterException' });
    expect(await f.next('error for id 2', (x) => x.type === 'error' && x.id === 2)).toMatchObject({ code: 'AccessDeniedException' });
    expect(await f.next('answer to id 3', (x) => x.type === 'poll-response' && x.id === 3)).toMatchObject({
      response: { tasks: [], acknowledged: [], unknown: [] },
    });
    expect(await f.next('error without id', (x) => x.type === 'error' && x.id === undefined)).toMatchObject({
      code: 'InvalidParameterException',
    });
    // The beat is answered by nothing; the connection is still open and its own.
    expect(f.seen).toHaveLength(4);
    expect(ws!.readyState).toBe(WebSocket.OPEN);
  });

  it('pushes a placement, whole, to the instance the moment StartTask commits it', async () => {
    const { ws } = await connect(await signedHeaders(credentials));
    open.push(ws!);
    const f = frames(ws!);
    const started = Date.now();
    const out = await ecs.send(new StartTaskCommand({ cluster, taskDefinition: `channel-${run}`, containerInstances: [arn] }));
    const taskArn = out.tasks![0]!.taskArn!;
    const wake = await f.next('a wake naming the task', (x) => x.type === 'wake' && x.taskArns.includes(taskArn));
    expect(Date.now() - started).toBeLessThan(10_000);
    // It carries the run assignment, exactly as a poll lists it: the agent needs no poll to start the task.
    ws!.send(JSON.stringify({ action: 'poll', id: 41, poll: { cluster, containerInstanceArn: arn } }));
    const answer = await f.next('the poll answer', (x) => x.type === 'poll-response' && x.id === 41);
    const listed = answer.type === 'poll-response' ? answer.response.tasks.find((t) => t.taskArn === taskArn) : undefined;
    expect(listed).toMatchObject({ desiredStatus: 'RUNNING', spec: { taskArn, containers: [{ name: 'app', image: 'busybox' }] } });
    expect(wake.type === 'wake' && wake.tasks).toEqual([listed]);
    // The newest connection is the instance's channel: the first socket was not told.
    expect(frames(open[0]!).seen).toEqual([]);
  });

  it('forgets a connection at $disconnect', async () => {
    const db = createDocumentClient(stackConfig());
    const id = arn.split('/').pop()!;
    const table = inject('stackTable');
    const current = async () => (await db.send(new GetCommand({ TableName: table, Key: keys.agentConnection(cluster, id) }))).Item;
    expect(await current()).toBeDefined();
    for (const ws of open.splice(0)) ws.close();
    await waitUntil('the connection item to be gone', async () => !(await current()));
  });
});

describe('real agents on the channel', () => {
  const cluster = `channel-agents-${run}`;
  const family = `channel-sleep-${run}`;
  let agents: AgentCluster;
  const channelApi = () => inject('stackAgentChannelApi');

  beforeAll(async () => {
    agents = await startAgentCluster(ecs, cluster, 'process', 3, 9);
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        containerDefinitions: [{ name: 'app', image: TEST_IMAGE, command: ['sleep', '3600'], cpu: 64, memory: 32, stopTimeout: 1 }],
      }),
    );
  });

  afterAll(async () => {
    await agents?.teardown();
  });

  /** Closes every agent's socket from the server side (DELETE @connections/{id}), as API Gateway does at 2 hours. */
  async function cutConnections(): Promise<number> {
    const db = createDocumentClient(stackConfig());
    let cut = 0;
    for (const a of agents.agents.agents) {
      const id = a.containerInstanceArn.split('/').pop()!;
      const item = (await db.send(new GetCommand({ TableName: inject('stackTable'), Key: keys.agentConnection(cluster, id) }))).Item;
      if (!item) continue;
      const res = await fetch(`${channelApi()}/@connections/${item.connectionId as string}`, { method: 'DELETE' });
      if (res.ok) cut++;
    }
    return cut;
  }

  const serviceState = async (service: string) => {
    const s = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
    const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: service }))).taskArns!;
    const tasks = arns.length ? (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks! : [];
    return { s, tasks };
  };

  it('every agent holds a connection and stays connected on heartbeats alone', async () => {
    const db = createDocumentClient(stackConfig());
    for (const a of agents.agents.agents) {
      const id = a.containerInstanceArn.split('/').pop()!;
      await waitUntil(
        'the agent channel',
        async () => (await db.send(new GetCommand({ TableName: inject('stackTable'), Key: keys.agentConnection(cluster, id) }))).Item,
      );
    }
    // Past the e2e stack's agent timeout (3 s): beats keep every agent connected.
    await new Promise((r) => setTimeout(r, 4000));
    const { containerInstances } = await ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: agents.agents.agents.map((a) => a.containerInstanceArn) }),
    );
    expect(containerInstances!.map((c) => c.agentConnected)).toEqual([true, true, true]);
  });

  it('a deployment whose agents lose their connections mid-way loses nothing', async () => {
    const service = 'svc';
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: service, taskDefinition: family, desiredCount: 3 }));
    await waitUntil(
      '3 RUNNING',
      async () => {
        const { tasks } = await serviceState(service);
        return tasks.length === 3 && tasks.every((t) => t.lastStatus === 'RUNNING');
      },
      60_000,
    );
    const before = (await serviceState(service)).tasks.map((t) => t.taskArn);
    await ecs.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true }));
    expect(await cutConnections()).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    await cutConnections();
    const done = await waitUntil(
      'the new deployment to finish with 3 new RUNNING tasks',
      async () => {
        const { s, tasks } = await serviceState(service);
        const running = tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
        return s.deployments!.length === 1 && running.length === 3 && running.every((t) => !before.includes(t.taskArn))
          ? { s, tasks }
          : undefined;
      },
      90_000,
      250,
    );
    expect(done.s.runningCount).toBe(3);
    // The old tasks all stop, reported by their agents (not declared lost).
    const old = await waitUntil(
      'the old tasks to be STOPPED',
      async () => {
        const tasks = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: before as string[] }))).tasks!;
        return tasks.every((t) => t.lastStatus === 'STOPPED') ? tasks : undefined;
      },
      30_000,
    );
    expect(old).toHaveLength(3);
    expect(old.every((t) => !/lost/.test(t.stoppedReason ?? ''))).toBe(true);
  });
});
