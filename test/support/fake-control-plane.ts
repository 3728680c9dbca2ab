/**
 * A stand-in for the Berth control plane's agent-facing side, per
 * docs/agent-protocol.md: RegisterContainerInstance, DiscoverPollEndpoint and
 * DeregisterContainerInstance (AWS JSON 1.1 on `POST /`) and `POST /agent/v1/poll`,
 * over real HTTP, with tasks held in memory that a test assigns and stops.
 * Reports move a task forward only; a report for a task this fake does not
 * have on that instance (or has already STOPPED while the host says otherwise)
 * comes back in `unknown`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AssignedTask, EcsAttribute, EcsResource, PollRequest, PollResponse } from '../../src/agent/core/protocol.js';
import type { StopCode, TaskReport, TaskSpec } from '../../src/agent/runtime/types.js';

const ARN_PREFIX = 'arn:aws:ecs:us-east-1:000000000000:';
/** The one join token the fake accepts at /agent/v1/register. */
export const FAKE_JOIN_TOKEN = `bjt-${'0'.repeat(16)}.${'a'.repeat(43)}`;
export const LOST_INSTANCE_REASON = 'Task stopped because the container instance was lost: its agent stopped reporting.';

export interface FakeInstance {
  arn: string;
  cluster: string;
  attributes: EcsAttribute[];
  totalResources: EcsResource[];
  registrations: number;
  polls: number;
  deregistered: boolean;
}

export interface FakeTask {
  taskArn: string;
  instanceArn: string;
  spec: TaskSpec;
  desiredStatus: 'RUNNING' | 'STOPPED';
  lastStatus: TaskReport['status'];
  stopReason?: string;
  stopCode?: StopCode;
  /** The latest report that moved the task (or repeated its status). */
  report?: TaskReport;
}

export interface RecordedRequest {
  path: string;
  /** The body as sent (what a signature covers). */
  raw: string;
  /** The ECS operation (X-Amz-Target suffix), undefined for the poll. */
  operation?: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface RecordedPoll {
  instanceArn: string;
  request: PollRequest;
  response: PollResponse;
}

export interface InjectedFailure {
  status: number;
  type: string;
}

export const SERVER_ERROR: InjectedFailure = { status: 500, type: 'ServerException' };

const RANK: Record<TaskReport['status'], number> = { PENDING: 0, RUNNING: 1, STOPPED: 2 };

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class FakeControlPlane {
  readonly requests: RecordedRequest[] = [];
  readonly polls: RecordedPoll[] = [];
  readonly instances = new Map<string, FakeInstance>();
  readonly tasks = new Map<string, FakeTask>();
  readonly clusters = new Set(['default']);
  pollIntervalMs = 20;
  /** When false, polls acknowledge nothing (the agent must keep re-sending). */
  acknowledge = true;
  url = '';
  private pendingPollFailures: InjectedFailure[] = [];
  private outage?: InjectedFailure;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  static async start(): Promise<FakeControlPlane> {
    const cp = new FakeControlPlane();
    await new Promise<void>((resolve) => cp.server.listen(0, '127.0.0.1', resolve));
    cp.url = `http://127.0.0.1:${(cp.server.address() as AddressInfo).port}`;
    return cp;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Assigns a task (desired RUNNING) to an instance; `spec` fields override a one-container default. */
  assign(instanceArn: string, spec: Partial<TaskSpec> = {}): FakeTask {
    const cluster = this.instances.get(instanceArn)?.cluster ?? 'default';
    const full = makeTaskSpec({ clusterName: cluster, ...spec });
    const task: FakeTask = { taskArn: full.taskArn, instanceArn, spec: full, desiredStatus: 'RUNNING', lastStatus: 'PENDING' };
    this.tasks.set(task.taskArn, task);
    return task;
  }

  stopTask(taskArn: string, stopReason = 'Task stopped by user', stopCode: StopCode = 'UserInitiated'): void {
    const t = this.mustGet(taskArn);
    Object.assign(t, { desiredStatus: 'STOPPED', stopReason, stopCode });
  }

  /** The lost-agent path: the instance's live tasks are STOPPED here, so a host still running them is told they are unknown. */
  loseInstance(instanceArn: string): void {
    for (const t of this.tasks.values()) {
      if (t.instanceArn !== instanceArn || t.lastStatus === 'STOPPED') continue;
      Object.assign(t, {
        desiredStatus: 'STOPPED',
        lastStatus: 'STOPPED',
        stopReason: LOST_INSTANCE_REASON,
        stopCode: 'ServiceSchedulerInitiated',
      });
    }
  }

  /** The next `count` polls fail with `failure`. */
  failPolls(count: number, failure: InjectedFailure = SERVER_ERROR): void {
    this.pendingPollFailures.push(...Array.from({ length: count }, () => failure));
  }

  /** Every request fails with `failure` until called again with undefined. */
  setOutage(failure: InjectedFailure | undefined): void {
    this.outage = failure;
  }

  pollsOf(instanceArn: string): RecordedPoll[] {
    return this.polls.filter((p) => p.instanceArn === instanceArn);
  }

  /** Instances in registration order. */
  instanceList(): FakeInstance[] {
    return [...this.instances.values()];
  }

  private mustGet(taskArn: string): FakeTask {
    const t = this.tasks.get(taskArn);
    if (!t) throw new Error(`fake control plane has no task ${taskArn}`);
    return t;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = path === '/' ? target.split('.')[1] : undefined;
    const contentType = path === '/' ? 'application/x-amz-json-1.1' : 'application/json';
    try {
      let body: any;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        throw new FakeError(400, 'SerializationException', 'body is not JSON');
      }
      this.requests.push({ path, raw, operation, headers: req.headers, body });
      if (this.outage) throw new FakeError(this.outage.status, this.outage.type, 'injected outage');
      send(res, 200, contentType, this.route(req, path, operation, body));
    } catch (err) {
      const e = err instanceof FakeError ? err : new FakeError(500, 'ServerException', String(err));
      send(res, e.status, contentType, { __type: e.type, message: e.message });
    }
  }

  private route(req: IncomingMessage, path: string, operation: string | undefined, body: any): unknown {
    if (req.method !== 'POST') throw new FakeError(404, 'NotFoundException', `no ${req.method} ${path}`);
    if (path === '/agent/v1/poll') {
      const failure = this.pendingPollFailures.shift();
      if (failure) throw new FakeError(failure.status, failure.type, 'injected poll failure');
      return this.poll(body as PollRequest);
    }
    if (path === '/agent/v1/register') {
      if (req.headers.authorization !== `Bearer ${FAKE_JOIN_TOKEN}`)
        throw new FakeError(400, 'UnrecognizedClientException', 'bad join token');
      const registered = this.register(body) as { containerInstance: unknown };
      return { ...registered, credentials: { accessKeyId: 'BKIIFAKEFAKEFAKEFAKE', secretAccessKey: randomBytes(30).toString('base64') } };
    }
    if (path !== '/') throw new FakeError(404, 'NotFoundException', `no ${path}`);
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
      throw new FakeError(400, 'SerializationException', 'wrong Content-Type');
    if (operation === 'RegisterContainerInstance') return this.register(body);
    if (operation === 'DiscoverPollEndpoint') return { endpoint: this.url, telemetryEndpoint: this.url };
    if (operation === 'DeregisterContainerInstance') return this.deregister(body);
    throw new FakeError(400, 'UnknownOperationException', `Unknown operation ${String(req.headers['x-amz-target'])}.`);
  }

  private register(body: any): unknown {
    if (!this.clusters.has(body.cluster)) throw new FakeError(400, 'ClusterNotFoundException', 'Cluster not found.');
    let inst: FakeInstance | undefined;
    if (body.containerInstanceArn) {
      inst = this.instances.get(body.containerInstanceArn);
      if (!inst || inst.deregistered) throw new FakeError(400, 'InvalidContainerInstanceException', 'Unknown container instance.');
    } else {
      const arn = `${ARN_PREFIX}container-instance/${body.cluster}/${randomBytes(16).toString('hex')}`;
      inst = { arn, cluster: body.cluster, attributes: [], totalResources: [], registrations: 0, polls: 0, deregistered: false };
      this.instances.set(arn, inst);
    }
    Object.assign(inst, {
      attributes: body.attributes ?? [],
      totalResources: body.totalResources ?? [],
      registrations: inst.registrations + 1,
    });
    return { containerInstance: { containerInstanceArn: inst.arn, status: 'ACTIVE', agentConnected: true } };
  }

  private deregister(body: any): unknown {
    const inst = this.instances.get(body.containerInstance);
    if (!inst) throw new FakeError(400, 'InvalidParameterException', 'Unknown container instance.');
    inst.deregistered = true;
    return { containerInstance: { containerInstanceArn: inst.arn, status: 'INACTIVE' } };
  }

  private poll(request: PollRequest): PollResponse {
    const inst = this.instances.get(request.containerInstanceArn);
    if (!inst || inst.deregistered) throw new FakeError(400, 'InvalidContainerInstanceException', 'Unknown container instance.');
    inst.polls += 1;
    const acknowledged: string[] = [];
    const unknown: string[] = [];
    for (const r of request.reports) {
      const t = this.tasks.get(r.taskArn);
      if (!t || t.instanceArn !== inst.arn || (t.lastStatus === 'STOPPED' && r.status !== 'STOPPED')) {
        unknown.push(r.taskArn);
        continue;
      }
      if (RANK[r.status] >= RANK[t.lastStatus]) Object.assign(t, { lastStatus: r.status, report: r });
      if (this.acknowledge) acknowledged.push(r.taskArn);
    }
    const tasks: AssignedTask[] = [...this.tasks.values()]
      .filter((t) => t.instanceArn === inst.arn && t.lastStatus !== 'STOPPED')
      .map((t) =>
        t.desiredStatus === 'RUNNING'
          ? { taskArn: t.taskArn, desiredStatus: 'RUNNING', spec: t.spec }
          : { taskArn: t.taskArn, desiredStatus: 'STOPPED', stopReason: t.stopReason, stopCode: t.stopCode },
      );
    const response: PollResponse = { pollIntervalMs: this.pollIntervalMs, tasks, acknowledged, unknown };
    this.polls.push({ instanceArn: inst.arn, request, response });
    return response;
  }
}

/** A resolved one-container task (nginx on host port 49153 unless overridden). */
export function makeTaskSpec(overrides: Partial<TaskSpec> = {}): TaskSpec {
  const cluster = overrides.clusterName ?? 'default';
  const taskId = overrides.taskId ?? randomBytes(16).toString('hex');
  return {
    taskArn: `${ARN_PREFIX}task/${cluster}/${taskId}`,
    taskId,
    clusterName: cluster,
    family: 'web',
    revision: 1,
    containers: [
      {
        name: 'web',
        image: 'nginx:alpine',
        essential: true,
        memory: 128,
        portMappings: [{ containerPort: 80, hostPort: 49153, protocol: 'tcp' }],
      },
    ],
    ...overrides,
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(JSON.stringify(body));
}
