/**
 * The host agent, whatever runs the containers: registers the host as a
 * container instance, re-adopts what is already running, then polls: each
 * poll is a heartbeat, carries unsent task reports (and, now and then, usage),
 * and brings back the tasks this host should run. By default it holds the
 * control plane's push channel (a WebSocket): work is pushed the moment it is
 * committed, polls travel on the socket when there is something to say, and a
 * small beat is the heartbeat in between; while the socket is down (jittered
 * reconnects) it polls over HTTP, so nothing waits for the socket. The loop never gives up on a
 * failing control plane: it backs off with jitter and logs loudly past a cap
 * of consecutive errors. stop() releases gracefully and leaves tasks running,
 * as the ECS agent does on SIGTERM.
 */
import { join } from 'node:path';
import {
  DRIVER_ATTRIBUTE,
  MAX_POLL_REQUEST_BYTES,
  MAX_REPORTS_PER_POLL,
  MAX_CHANNEL_FRAME_BYTES,
  MAX_USAGE_PER_POLL,
  type PollResponse,
  type TaskReport,
  type TaskUsage,
} from '../../protocol/index.js';
import type { TaskDriver } from '../runtime/task-driver.js';
import { backoffDelay, DEFAULT_BACKOFF, jittered, type BackoffPolicy } from './backoff.js';
import { systemAgentClock, type AgentClock } from './clock.js';
import { FrameTooLargeError } from './agent-channel.js';
import { ChannelLink } from './channel-link.js';
import { ControlPlaneClient, DEFAULT_REQUEST_TIMEOUT_MS } from './control-plane-client.js';
import { isControlPlaneError } from './control-plane-error.js';
import { createLogger, type ClosableLogger } from '../../logging/json-lines-logger.js';
import type { Logger } from '../../logging/logger.js';
import { toEcsResources, type HostResources, type RegisterRequest, type VersionInfo } from './ecs-registration.js';
import { loadIdentity, registerInstance, saveIdentity } from './registration.js';
import { ReportQueue } from './report-queue.js';
import { TaskManager } from './task-manager.js';

export const AGENT_VERSION = '0.1.0';
export const DEFAULT_POLL_INTERVAL_MS = 1000;
/** Between a wake-up (a task changed) and the poll that reports it: folds a burst of changes into one poll. */
const WAKE_COALESCE_MS = 50;

/** How often usage rides along with a poll: the ECS agent publishes metrics every 20 s too. */
export const DEFAULT_USAGE_INTERVAL_MS = 20_000;
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 10;
/** On the channel, a full poll at least this often even when nothing was pushed: a missed push costs at most this long. */
export const CHANNEL_RESYNC_MS = 5 * 60_000;
/** ±10 %: enough to spread a fleet started at once, small enough to keep the cadence the control plane asked for. */
const POLL_JITTER = 0.1;

export interface AgentOptions {
  /** ECS API base URL, e.g. http://127.0.0.1:3000. */
  endpoint: string;
  cluster: string;
  driver: TaskDriver;
  totalResources: HostResources;
  /** Holds instance.json (the container instance ARN), credentials.json (its key, 0600), reports.json (unsent reports) and agent.log. */
  stateDir: string;
  /** Extra attributes; they override the defaults (ecs.os-type=linux, berth.driver=<driver name>). */
  attributes?: Record<string, string>;
  versionInfo?: VersionInfo;
  /** Sent with every registration (EC2 hosts: the identity document, whose instanceId ties the host to its Auto Scaling group). */
  instanceIdentityDocument?: string;
  /** Default: JSON lines to stdout and <stateDir>/agent.log. */
  logger?: Logger;
  /** Used until the control plane answers with its own pollIntervalMs. */
  pollIntervalMs?: number;
  usageIntervalMs?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Every this many consecutive failures, an error-level line (the agent keeps trying). */
  maxConsecutiveErrors?: number;
  /** How long stopped tasks stay on the host before driver.remove(). */
  taskCleanupWaitMs?: number;
  /** Lets a host without a credential of its own join the cluster (`npx berth join-token create`). */
  joinToken?: string;
  region?: string;
  clock?: AgentClock;
  random?: () => number;
  fetch?: typeof fetch;
  /** `websocket` (default): hold the push channel when the control plane offers one, polling over HTTP only while it is down. `poll`: HTTP polls only. */
  transport?: AgentTransport;
}

export type AgentTransport = 'websocket' | 'poll';

export type AgentState = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

export interface AgentStatus {
  state: AgentState;
  containerInstanceArn?: string;
  /** The last poll succeeded. */
  connected: boolean;
  /** The push channel is open. */
  channel: boolean;
  consecutiveErrors: number;
  pendingReports: number;
  tasks: Record<TaskReport['status'], number>;
  lastPollAt?: number;
}

/** start() was interrupted by stop() or kill() before the agent registered. */
export class AgentStoppedError extends Error {
  constructor() {
    super('the agent was stopped while starting');
    this.name = 'AgentStoppedError';
  }
}

export class Agent {
  readonly driver: TaskDriver;
  private readonly clock: AgentClock;
  private readonly random: () => number;
  private readonly client: ControlPlaneClient;
  private readonly ownLogger?: ClosableLogger;
  private readonly baseLog: Logger;
  /** baseLog plus the container instance ARN once registered. */
  private log: Logger;
  private readonly queue: ReportQueue;
  private readonly manager: TaskManager;
  /** stop(): ends sleeps and backoff; an in-flight request still completes. */
  private readonly halt = new AbortController();
  /** kill(): also aborts in-flight requests, like a host that vanished. */
  private readonly killer = new AbortController();
  private state: AgentState = 'new';
  private arn?: string;
  private pollEndpoint?: string;
  private link?: ChannelLink;
  /** The next nap skips the coalescing gap: work was pushed, act on it now. */
  private urgent = false;
  private needFull = true;
  private consecutiveErrors = 0;
  private pollIntervalMs: number;
  private lastUsageAt = Number.NEGATIVE_INFINITY;
  /** The last finished usage sample, not yet sent. */
  private usageSample?: TaskUsage[];
  private sampling = false;
  private wakeRequested = false;
  private napper?: AbortController;
  private lastPollAt?: number;
  private started?: Promise<void>;
  private loop?: Promise<void>;
  private closing?: Promise<void>;

  constructor(private readonly opts: AgentOptions) {
    this.driver = opts.driver;
    this.clock = opts.clock ?? systemAgentClock;
    this.random = opts.random ?? Math.random;
    this.pollIntervalMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (!opts.logger) this.ownLogger = createLogger({ file: join(opts.stateDir, 'agent.log'), now: this.clock.now });
    this.baseLog = (opts.logger ?? this.ownLogger!).child({ cluster: opts.cluster });
    this.log = this.baseLog;
    this.client = new ControlPlaneClient({
      endpoint: opts.endpoint,
      region: opts.region,
      timeoutMs: opts.requestTimeoutMs,
      signal: this.killer.signal,
      fetch: opts.fetch,
      now: this.clock.now,
    });
    this.queue = ReportQueue.load(join(opts.stateDir, 'reports.json'), this.log);
    this.manager = new TaskManager({
      driver: opts.driver,
      onReport: (r) => {
        this.queue.push(r);
        // A task that turned RUNNING or STOPPED is what a service's steady state (or its replacement) waits for: tell
        // at once; a poll in flight still folds the reports that come meanwhile. PENDING changes wait for company.
        this.wake(r.status !== 'PENDING');
      },
      logger: this.log,
      now: this.clock.now,
      cleanupWaitMs: opts.taskCleanupWaitMs,
    });
  }

  /**
   * Registers (retrying while the control plane is unreachable), adopts the
   * tasks already on the host and starts polling. Rejects on anything but an
   * unreachable control plane (e.g. ClusterNotFoundException, an unwritable
   * state dir): a configuration error is better reported than retried forever.
   */
  start(): Promise<void> {
    if (this.state !== 'new') return Promise.reject(new Error(`the agent is ${this.state}; create a new Agent to start again`));
    this.state = 'starting';
    this.started = this.startUp().catch(async (err: unknown) => {
      // Not while stop() is under way: it is waiting for this very promise and releases everything itself.
      if (!this.closing) {
        this.closing = this.release('agent failed to start');
        await this.closing;
      }
      throw err;
    });
    return this.started;
  }

  /** Graceful release: finish the in-flight poll, flush unsent reports once, close the driver. Tasks keep running. */
  stop(): Promise<void> {
    this.closing ??= this.shutDown(true);
    return this.closing;
  }

  /** Abrupt end, as if the host vanished: in-flight requests are aborted and nothing is flushed. */
  kill(): Promise<void> {
    this.killer.abort();
    this.closing ??= this.shutDown(false);
    return this.closing;
  }

  get containerInstanceArn(): string | undefined {
    return this.arn;
  }

  status(): AgentStatus {
    return {
      state: this.state,
      containerInstanceArn: this.arn,
      connected: this.pollEndpoint !== undefined && this.lastPollAt !== undefined && this.consecutiveErrors === 0,
      channel: this.link?.isOpen ?? false,
      consecutiveErrors: this.consecutiveErrors,
      pendingReports: this.queue.size,
      tasks: this.manager.counts(),
      lastPollAt: this.lastPollAt,
    };
  }

  /** Resolves once the driver calls started so far (task starts, stops, removals) have finished. */
  settled(): Promise<void> {
    return this.manager.settled();
  }

  private async startUp(): Promise<void> {
    this.arn = loadIdentity(this.identityFile(), this.opts.cluster, this.log);
    for (;;) {
      this.throwIfHalted();
      try {
        await this.connect();
        break;
      } catch (err) {
        this.throwIfHalted();
        if (!isControlPlaneError(err) || !err.retryable) throw err;
        await this.clock.sleep(this.failed('registration', err), this.halt.signal);
      }
    }
    const adopted = await this.driver.adopt((arn) => this.manager.listenerFor(arn));
    this.manager.adopt(adopted);
    this.throwIfHalted();
    this.state = 'running';
    this.log.info('agent started', { driver: this.driver.name, adoptedTasks: adopted.length, pendingReports: this.queue.size });
    this.loop = this.pollLoop();
  }

  private async connect(): Promise<void> {
    const arn = await registerInstance(this.client, this.registerRequest(), this.log, {
      cluster: this.opts.cluster,
      credentialsFile: join(this.opts.stateDir, 'credentials.json'),
      joinToken: this.opts.joinToken,
    });
    this.arn = arn;
    saveIdentity(this.identityFile(), { cluster: this.opts.cluster, containerInstanceArn: arn });
    this.log = this.baseLog.child({ containerInstanceArn: arn });
    const endpoints = await this.client.discoverEndpoints(this.opts.cluster, arn);
    this.pollEndpoint = endpoints.poll;
    this.link?.close();
    this.link = this.opts.transport !== 'poll' && endpoints.channel ? this.channelLink(endpoints.channel) : undefined;
    this.consecutiveErrors = 0;
    this.log.info('registered', { pollEndpoint: this.pollEndpoint, ...(endpoints.channel ? { channel: endpoints.channel } : {}) });
  }

  private async pollLoop(): Promise<void> {
    while (!this.halt.signal.aborted) {
      this.wakeRequested = false;
      try {
        if (!this.pollEndpoint) await this.connect();
        await this.link?.ensureOpen();
        const interval = await this.exchange();
        this.consecutiveErrors = 0;
        this.pollIntervalMs = interval ?? this.pollIntervalMs;
      } catch (err) {
        if (this.killer.signal.aborted) return;
        // Backoff after a failure is never cut short by new reports.
        await this.clock.sleep(this.failed('poll', err), this.halt.signal);
        continue;
      }
      const next = jittered(this.pollIntervalMs, POLL_JITTER, this.random);
      // A dropped socket is retried when its back-off says, not at the (much slower) HTTP poll rate.
      await this.nap(Math.min(next, this.link?.retryInMs() ?? next));
    }
  }

  /**
   * The wait between polls, cut short when a task's state changes so the
   * control plane hears of it at once (a start reported a poll interval
   * late is most of a service's time to steady). A short coalescing gap
   * after the wake folds a burst of changes into one poll.
   */
  private async nap(ms: number): Promise<void> {
    if (!this.wakeRequested) {
      this.napper = new AbortController();
      await this.clock.sleep(ms, AbortSignal.any([this.halt.signal, this.napper.signal]));
      this.napper = undefined;
    }
    if (this.wakeRequested && !this.urgent && !this.halt.signal.aborted) await this.clock.sleep(WAKE_COALESCE_MS, this.halt.signal);
    this.urgent = false;
  }

  private wake(urgent = false): void {
    this.wakeRequested = true;
    this.urgent ||= urgent;
    this.napper?.abort();
  }

  private channelLink(url: string): ChannelLink {
    return new ChannelLink({
      url,
      headers: () => this.client.channelHeaders(url),
      timeoutMs: this.opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      signal: this.killer.signal,
      backoff: this.opts.backoff ?? DEFAULT_BACKOFF,
      random: this.random,
      now: this.clock.now,
      log: this.log,
      wake: (pushed) => this.wake(pushed),
      run: (tasks) => {
        if (this.state === 'running') this.manager.runPushed(tasks);
      },
    });
  }

  /**
   * One turn of the loop. On the open channel: a poll when there is
   * something to say or hear (reports, a push, usage, a start, the periodic
   * resync), else a beat. Without it: an HTTP poll. Returns the wait before
   * the next turn, as the control plane set it for that transport.
   */
  private async exchange(): Promise<number | undefined> {
    const link = this.link?.isOpen ? this.link : undefined;
    if (!this.link) return this.poll(true);
    this.sampleUsageIfDue();
    const sinceLastPoll = this.lastPollAt === undefined ? Number.POSITIVE_INFINITY : this.clock.now() - this.lastPollAt;
    const pollDue =
      this.link.takePollWanted() ||
      this.needFull ||
      this.queue.size > 0 ||
      (this.usageSample?.length ?? 0) > 0 ||
      sinceLastPoll >= (link ? CHANNEL_RESYNC_MS : this.pollIntervalMs * (1 - POLL_JITTER));
    if (link) {
      if (!pollDue && link.beat()) return this.pollIntervalMs;
      return this.poll(true, link.isOpen ? link : undefined);
    }
    // The socket is down: HTTP polls at their own rate; a turn between them only tried to reopen the socket.
    return pollDue ? this.poll(true) : undefined;
  }

  /**
   * One heartbeat. `converge` = act on the answer; false for the shutdown
   * flush, which only delivers reports. Returns the interval the control plane asked for.
   */
  private async poll(converge: boolean, link?: ChannelLink): Promise<number | undefined> {
    if (converge) this.sampleUsageIfDue();
    const usage = converge ? this.takeUsage() : undefined;
    // After a start, every task on the host is reported (queued ones as queued: they are as new or newer).
    if (this.needFull) this.queue.offer(this.manager.reports());
    // The oldest first, within the protocol's bounds (half the bytes: the rest is room for usage); the others ride on the next polls.
    // On the channel, a frame is at most 128 KiB (API Gateway's cap): half of it for reports.
    const batch = this.queue.batch(MAX_REPORTS_PER_POLL, (link ? MAX_CHANNEL_FRAME_BYTES : MAX_POLL_REQUEST_BYTES) / 2);
    // `full` says this poll lists every task on the host: only when they all fit in it.
    const full = this.needFull && batch.reports.length === this.queue.size;
    const req = {
      cluster: this.opts.cluster,
      containerInstanceArn: this.arn!,
      reports: batch.reports,
      full,
      ...(usage ? { usage } : {}),
    };
    const res = await this.pollOn(link, req);
    this.needFull = false;
    this.lastPollAt = this.clock.now();
    this.queue.acknowledge(res.acknowledged, batch);
    this.queue.drop(res.unknown);
    if (converge) {
      this.manager.apply(res.tasks, res.unknown);
      // A task still running here that the control plane no longer lists was stopped behind this host's back
      // (declared lost while the host was silent, or while one of its reports was in flight): report everything
      // next time, so the control plane can say which copies are stale.
      const listed = new Set([...res.tasks.map((t) => t.taskArn), ...res.unknown]);
      if (this.manager.reports().some((r) => r.status !== 'STOPPED' && !listed.has(r.taskArn))) this.needFull = true;
    }
    return res.pollIntervalMs;
  }

  /** A poll on the channel, or over HTTP (also when its answer would not fit in one WebSocket message). */
  private async pollOn(link: ChannelLink | undefined, req: Parameters<ControlPlaneClient['poll']>[1]): Promise<PollResponse> {
    if (link) {
      try {
        return await link.poll(req);
      } catch (err) {
        if (!(err instanceof FrameTooLargeError)) throw err;
      }
    }
    return this.client.poll(this.pollEndpoint!, req);
  }

  /**
   * Usage is sampled in the background and rides along with the poll after
   * it finished: `docker stats` takes a second or two, and a poll that waited
   * for it would hold back every report it carries.
   */
  private sampleUsageIfDue(): void {
    const now = this.clock.now();
    if (this.sampling || now - this.lastUsageAt < (this.opts.usageIntervalMs ?? DEFAULT_USAGE_INTERVAL_MS)) return;
    this.lastUsageAt = now;
    this.sampling = true;
    this.driver
      .usage()
      .then((usage) => (this.usageSample = usage))
      .catch((err) => this.log.warn('driver usage failed; polling without it', { error: err }))
      .finally(() => (this.sampling = false));
  }

  /** At most MAX_USAGE_PER_POLL samples: usage is a sample, not a report, so a host running more sends the first ones. */
  private takeUsage(): TaskUsage[] | undefined {
    const usage = this.usageSample;
    this.usageSample = undefined;
    return usage?.slice(0, MAX_USAGE_PER_POLL);
  }

  /** Counts a failure and returns the backoff before the next attempt. */
  private failed(what: string, err: unknown): number {
    const n = ++this.consecutiveErrors;
    if (isControlPlaneError(err, 'InvalidContainerInstanceException')) {
      // Deregistered, or forgotten by the control plane: register again as a new instance.
      this.arn = undefined;
      this.pollEndpoint = undefined;
      this.needFull = true;
    } else if (isControlPlaneError(err, 'UnrecognizedClientException')) {
      // Its key is gone (deregistered, or the control plane's data was reset): register again, joining anew if need be.
      this.pollEndpoint = undefined;
      this.needFull = true;
    }
    const cap = this.opts.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
    const delay = backoffDelay(n, this.opts.backoff ?? DEFAULT_BACKOFF, this.random);
    const detail = { error: err, consecutiveErrors: n, retryInMs: Math.round(delay) };
    if (n % cap === 0) this.log.error(`CONTROL PLANE UNREACHABLE: ${n} consecutive ${what} failures; still retrying`, detail);
    else this.log.warn(`${what} failed`, detail);
    return delay;
  }

  private async shutDown(flush: boolean): Promise<void> {
    this.state = 'stopping';
    this.halt.abort();
    await this.started?.catch(() => undefined);
    await this.loop;
    this.link?.close();
    if (flush && this.pollEndpoint && this.queue.size > 0) {
      await this.poll(false).catch((err: unknown) =>
        this.log.warn('final report flush failed; reports stay queued for the next start', { error: err }),
      );
    }
    await this.release(flush ? 'agent stopped; tasks left running' : 'agent killed');
  }

  private async release(message: string): Promise<void> {
    await this.driver.close();
    this.log.info(message, { pendingReports: this.queue.size });
    await this.ownLogger?.close();
    this.state = 'stopped';
  }

  private registerRequest(): RegisterRequest {
    const attributes = new Map<string, string>([
      ['ecs.os-type', 'linux'],
      [DRIVER_ATTRIBUTE, this.driver.name],
      ...Object.entries(this.opts.attributes ?? {}),
    ]);
    return {
      cluster: this.opts.cluster,
      totalResources: toEcsResources(this.opts.totalResources),
      attributes: [...attributes].map(([name, value]) => ({ name, value })),
      versionInfo: { agentVersion: AGENT_VERSION, agentHash: 'berth', ...this.opts.versionInfo },
      containerInstanceArn: this.arn,
      ...(this.opts.instanceIdentityDocument ? { instanceIdentityDocument: this.opts.instanceIdentityDocument } : {}),
    };
  }

  private identityFile(): string {
    return join(this.opts.stateDir, 'instance.json');
  }

  private throwIfHalted(): void {
    if (this.halt.signal.aborted) throw new AgentStoppedError();
  }
}

/** Starts an agent; resolves once it is registered and polling. */
export async function startAgent(opts: AgentOptions): Promise<Agent> {
  const agent = new Agent(opts);
  await agent.start();
  return agent;
}
