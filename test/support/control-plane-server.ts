/**
 * The real control plane, in process, for agent tests: the ecs-api and
 * agent-api Lambda handlers exactly as functions/ builds them (src/wiring),
 * behind a node:http server on a free port, on a fresh table of the
 * integration project's DynamoDB Local. Agents reach it over real HTTP, and
 * as on the stack every call is SigV4-checked: agents join with a join token
 * (joinToken()) and sign with the key it hands them; the admin key test/test
 * exists, as the local stack creates it.
 *
 * It adds only what a test needs around the real thing: a record of the
 * agents' requests and of every poll (request and answer), transport faults
 * (failed polls, an outage, answers lost after the poll was applied), the
 * stock SDK ECS client to drive it, and the lost-host path (a reconcile pass
 * seen from after the lost-agent timeout).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  StartTaskCommand,
  StopTaskCommand,
  type ContainerInstance,
  type Task,
} from '@aws-sdk/client-ecs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { KeyFileCipher } from '../../src/adapters/secrets/key-file-cipher.js';
import { reconcileClusterPass } from '../../src/app/reconcile/run-reconcile.js';
import { DEFAULT_CREDENTIAL, ensureDefaultCredential } from '../../src/app/security/credentials.js';
import { createJoinToken } from '../../src/app/security/join-tokens.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';
import type { BerthConfig } from '../../src/config.js';
import { POLL_PATH, REGISTER_PATH, type PollRequest, type PollResponse } from '../../src/protocol/index.js';
import { agentApiHandler } from '../../src/wiring/agent-api-handler.js';
import { buildAppContext } from '../../src/wiring/app-context.js';
import { ecsApiHandler } from '../../src/wiring/ecs-api-handler.js';
import { buildSecurity } from '../../src/wiring/security.js';
import { freshTable } from './table.js';

export { POLL_PATH, REGISTER_PATH };
/** The admin key the local stack creates (ecs:* on *): what an operator's CLI signs with. */
export const ADMIN_CREDENTIALS = { accessKeyId: DEFAULT_CREDENTIAL.accessKeyId, secretAccessKey: DEFAULT_CREDENTIAL.secretAccessKey };
/** Marks the test's own SDK calls, which are not recorded as agent requests. */
const TEST_CLIENT_HEADER = 'x-berth-test-client';

export interface RecordedRequest {
  path: string;
  /** The body as sent (what a signature covers). */
  raw: string;
  /** The ECS operation (X-Amz-Target suffix), undefined for the agent endpoints. */
  operation?: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface RecordedPoll {
  instanceArn: string;
  request: PollRequest;
  /** The answer the control plane gave (also when a lost answer never reached the agent). */
  response: PollResponse;
}

export interface InjectedFailure {
  status: number;
  type: string;
}

export const SERVER_ERROR: InjectedFailure = { status: 500, type: 'ServerException' };

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ControlPlaneServerOptions {
  /** What the control plane tells agents (BERTH_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** BERTH_AGENT_TIMEOUT_SECONDS: the poll writes heartbeats every quarter of it. */
  agentTimeoutSeconds?: number;
}

export class ControlPlaneServer {
  readonly requests: RecordedRequest[] = [];
  readonly polls: RecordedPoll[] = [];
  /** The stock SDK client, pointed at this server. */
  readonly ecs: ECSClient;
  private pendingPollFailures: InjectedFailure[] = [];
  private outage?: InjectedFailure;
  private answersLost = false;
  private webDefinition?: Promise<unknown>;

  private constructor(
    readonly url: string,
    readonly config: BerthConfig,
    private readonly server: ReturnType<typeof createServer>,
    private readonly handlers: { ecs: Handler; agent: Handler },
    private readonly security: SecurityStores,
    private readonly keyDir: string,
  ) {
    this.ecs = new ECSClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: ADMIN_CREDENTIALS,
      maxAttempts: 1,
    });
    this.ecs.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers[TEST_CLIENT_HEADER] = '1';
        return next(args);
      },
      { step: 'build', name: 'berthTestClient' },
    );
  }

  static async start(opts: ControlPlaneServerOptions): Promise<ControlPlaneServer> {
    const server = createServer();
    // Longer than any idle gap in a test: the SDK reusing a socket the server just closed would fail with "socket hang up".
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const table = await freshTable();
    const keyDir = mkdtempSync(join(tmpdir(), 'berth-cp-'));
    const secretsKeyFile = join(keyDir, 'secret.key');
    KeyFileCipher.ensure(secretsKeyFile);
    const config: BerthConfig = Object.freeze({
      ...table,
      secretsKeyFile,
      // Revocations take effect at once: a test that deregisters an instance sees its key refused on the next call.
      credentialCacheMs: 1,
      agentEndpoint: url,
      pollIntervalMs: opts.pollIntervalMs,
      ...(opts.agentTimeoutSeconds
        ? { agentTimeoutMs: opts.agentTimeoutSeconds * 1000, lostAgentMs: 2 * opts.agentTimeoutSeconds * 1000 }
        : {}),
    });
    const security = buildSecurity(config);
    await ensureDefaultCredential(security);
    const cp = new ControlPlaneServer(
      url,
      config,
      server,
      { ecs: ecsApiHandler(config) as unknown as Handler, agent: agentApiHandler(config) as unknown as Handler },
      security,
      keyDir,
    );
    server.on('request', (req, res) => void cp.handle(req, res));
    return cp;
  }

  async close(): Promise<void> {
    this.ecs.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.keyDir, { recursive: true, force: true });
  }

  /** A join token for an existing cluster, as `npx berth join-token create --cluster` makes one. */
  async joinToken(cluster: string, maxRegistrations?: number): Promise<string> {
    const ecs = buildAppContext(this.config);
    return (await createJoinToken({ cluster, ttlMs: 3600_000, maxRegistrations }, this.security, ecs)).token;
  }

  /** The next `count` polls fail with `failure` before reaching the control plane. */
  failPolls(count: number, failure: InjectedFailure = SERVER_ERROR): void {
    this.pendingPollFailures.push(...Array.from({ length: count }, () => failure));
  }

  /** Every agent request fails with `failure` until called again with undefined. */
  setOutage(failure: InjectedFailure | undefined): void {
    this.outage = failure;
  }

  /** No outage, no lost answers, and the poll failures failPolls() queued that no poll has taken yet are dropped. */
  clearFaults(): void {
    this.outage = undefined;
    this.answersLost = false;
    this.pendingPollFailures = [];
  }

  /** While true, polls are applied but their answers are lost on the way back (the agent sees a ServerException). */
  loseAnswers(lost: boolean): void {
    this.answersLost = lost;
  }

  pollsOf(instanceArn: string): RecordedPoll[] {
    return this.polls.filter((p) => p.instanceArn === instanceArn);
  }

  async createCluster(clusterName: string): Promise<void> {
    await this.ecs.send(new CreateClusterCommand({ clusterName }));
  }

  /** A cluster deleted after a join token was made for it: what a host finds when its cluster is gone. */
  async deletedCluster(clusterName: string): Promise<{ cluster: string; joinToken: string }> {
    await this.createCluster(clusterName);
    const joinToken = await this.joinToken(clusterName);
    await this.ecs.send(new DeleteClusterCommand({ cluster: clusterName }));
    return { cluster: clusterName, joinToken };
  }

  /** StartTask of a one-container web task (dynamic host port for container port 80) on the instance. */
  async startTask(cluster: string, instanceArn: string): Promise<string> {
    this.webDefinition ??= this.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [
          { name: 'web', image: 'nginx:alpine', essential: true, memory: 128, portMappings: [{ containerPort: 80, hostPort: 0 }] },
        ],
      }),
    );
    await this.webDefinition;
    const out = await this.ecs.send(new StartTaskCommand({ cluster, containerInstances: [instanceArn], taskDefinition: 'web' }));
    const arn = out.tasks?.[0]?.taskArn;
    if (!arn) throw new Error(`StartTask placed nothing: ${JSON.stringify(out.failures)}`);
    return arn;
  }

  async stopTask(cluster: string, taskArn: string, reason: string): Promise<void> {
    await this.ecs.send(new StopTaskCommand({ cluster, task: taskArn, reason }));
  }

  async task(cluster: string, taskArn: string): Promise<Task> {
    const out = await this.ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
    return out.tasks![0]!;
  }

  async instance(cluster: string, instanceArn: string): Promise<ContainerInstance> {
    return (await this.instances(cluster, [instanceArn]))[0]!;
  }

  async instances(cluster: string, instanceArns: string[]): Promise<ContainerInstance[]> {
    const out = await this.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: instanceArns }));
    return out.containerInstances!;
  }

  /**
   * The lost-host path: a reconcile pass as it runs once the agents of
   * `cluster` have been silent past the lost-agent timeout. Their tasks are
   * declared STOPPED; an agent that comes back is told they are unknown.
   */
  async loseAgents(cluster: string): Promise<number> {
    const later = buildAppContext(this.config, { clock: { now: () => Date.now() + this.config.lostAgentMs + 1000 } });
    return (await reconcileClusterPass(later, cluster)).lost;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const isPoll = path === POLL_PATH;
    const isAgentPath = isPoll || path === REGISTER_PATH;
    const fromTest = req.headers[TEST_CLIENT_HEADER] === '1';
    // Decided on arrival: a request sent during an outage fails even if its body is still arriving when the outage ends.
    const injected = fromTest ? undefined : (this.outage ?? (isPoll ? this.pendingPollFailures.shift() : undefined));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (!fromTest) {
      const target = String(req.headers['x-amz-target'] ?? '');
      this.requests.push({
        path,
        raw,
        operation: isAgentPath ? undefined : target.split('.')[1],
        headers: req.headers,
        body: parseJson(raw),
      });
    }
    const contentType = isAgentPath ? 'application/json' : 'application/x-amz-json-1.1';
    if (injected) return send(res, injected.status, contentType, { __type: injected.type, message: 'injected failure' });

    const event = {
      version: '2.0',
      routeKey: `POST ${path}`,
      rawPath: path,
      rawQueryString: '',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
      requestContext: { http: { method: req.method ?? 'POST', path, sourceIp: '127.0.0.1' } },
      body: raw,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const out = await (isAgentPath ? this.handlers.agent : this.handlers.ecs)(event, {} as Context);
    if (isPoll && out.statusCode === 200) {
      const request = parseJson(raw) as PollRequest;
      this.polls.push({ instanceArn: request.containerInstanceArn, request, response: parseJson(out.body ?? '') as PollResponse });
      if (this.answersLost) return send(res, SERVER_ERROR.status, contentType, { __type: SERVER_ERROR.type, message: 'answer lost' });
    }
    res.writeHead(out.statusCode ?? 200, out.headers as Record<string, string>);
    res.end(out.body ?? '');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(JSON.stringify(body));
}
