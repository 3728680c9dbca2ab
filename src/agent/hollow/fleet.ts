/**
 * A fleet of hollow container instances in one process, for load and
 * failure testing of the control plane (Kubernetes' kubemark, for ECS).
 * Every agent speaks the real protocol over HTTP; they share global fetch's
 * keep-alive connection pool, and start staggered so registration does not
 * arrive as a single burst.
 */
import { join } from 'node:path';
import type { AgentStatus, AgentTransport } from '../control-loop/agent.js';
import { sleep } from '../control-loop/clock.js';
import type { LogLevel } from '../../logging/logger.js';
import type { HollowBehavior } from './hollow-behavior.js';
import { HollowDriver } from './hollow-driver.js';
import { HollowInstance } from './hollow-instance.js';
import { ECS_LOG_DRIVERS } from '../../protocol/index.js';
import { dockerCapabilities } from '../runtime/capabilities.js';

const HOLLOW_CAPABILITIES = dockerCapabilities({ apiVersion: '1.41', minApiVersion: '1.12', logDrivers: ECS_LOG_DRIVERS });

export const DEFAULT_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export interface HollowFleetOptions {
  endpoint: string;
  cluster: string;
  /** Lets each instance join the cluster (and get its own credential). */
  joinToken?: string;
  count: number;
  /** Instance i lives in zones[i % zones.length]. */
  zones?: string[];
  /** Per instance: CPU units (default 2048) and MiB (default 3800), like a t3.medium. */
  cpu?: number;
  memory?: number;
  instanceType?: string;
  /** Extra attributes for every instance. */
  attributes?: Record<string, string>;
  pollIntervalMs?: number;
  usageIntervalMs?: number;
  requestTimeoutMs?: number;
  /** The agents' transport (default websocket: the push channel, HTTP polls while it is down). */
  transport?: AgentTransport;
  /** Instance i keeps its state in <stateDir>/hollow-<i>. */
  stateDir: string;
  /** Instance i's driver is seeded with seed + i. */
  seed?: number;
  behavior?: Partial<HollowBehavior>;
  /** Delay between two agents' starts (default 10 ms). */
  staggerMs?: number;
  /** Agent log lines also on stdout (default: only in each instance's agent.log). */
  logToStdout?: boolean;
  logLevel?: LogLevel;
  /** Called as each agent registers. */
  onRegistered?: (registered: number, total: number) => void;
}

export interface FleetStatus {
  total: number;
  /** Agents that are registered and polling. */
  running: number;
  /** Agents whose last poll failed. */
  failing: number;
  tasks: AgentStatus['tasks'];
  pendingReports: number;
}

export interface HollowFleet {
  readonly instances: readonly HollowInstance[];
  status(): FleetStatus;
  /** Graceful stop of every agent; simulated tasks stay as they are. */
  stop(): Promise<void>;
}

/** Starts `count` hollow agents; resolves once all are registered (rejects, after stopping them, if one cannot start). */
export async function startHollowFleet(opts: HollowFleetOptions): Promise<HollowFleet> {
  const zones = opts.zones?.length ? opts.zones : DEFAULT_ZONES;
  const instances = Array.from({ length: opts.count }, (_, index) => {
    const zone = zones[index % zones.length]!;
    return new HollowInstance({
      index,
      zone,
      stateDir: join(opts.stateDir, `hollow-${index}`),
      driver: new HollowDriver({ seed: (opts.seed ?? 0) + index, behavior: opts.behavior }),
      logToStdout: opts.logToStdout ?? false,
      logLevel: opts.logLevel ?? 'info',
      agent: {
        endpoint: opts.endpoint,
        cluster: opts.cluster,
        joinToken: opts.joinToken,
        totalResources: { cpu: opts.cpu ?? 2048, memory: opts.memory ?? 3800 },
        attributes: { 'ecs.availability-zone': zone, 'ecs.instance-type': opts.instanceType ?? 't3.medium', ...opts.attributes },
        // A simulated Docker host: it has whatever a task definition may ask of one.
        capabilities: HOLLOW_CAPABILITIES,
        versionInfo: { dockerVersion: 'DockerVersion: hollow' },
        pollIntervalMs: opts.pollIntervalMs,
        usageIntervalMs: opts.usageIntervalMs,
        requestTimeoutMs: opts.requestTimeoutMs,
        transport: opts.transport,
      },
    });
  });
  const fleet: HollowFleet = {
    instances,
    status: () => fleetStatus(instances),
    stop: async () => {
      await Promise.all(instances.map((i) => i.stop()));
    },
  };
  let registered = 0;
  const staggerMs = opts.staggerMs ?? 10;
  const starts = instances.map(async (instance) => {
    await sleep(instance.index * staggerMs);
    await instance.start();
    opts.onRegistered?.(++registered, instances.length);
  });
  try {
    await Promise.all(starts);
  } catch (err) {
    // One agent cannot start (e.g. no such cluster): the others would fail alike, or retry forever.
    await fleet.stop();
    await Promise.allSettled(starts);
    throw err;
  }
  return fleet;
}

function fleetStatus(instances: readonly HollowInstance[]): FleetStatus {
  const status: FleetStatus = {
    total: instances.length,
    running: 0,
    failing: 0,
    tasks: { PENDING: 0, RUNNING: 0, STOPPED: 0 },
    pendingReports: 0,
  };
  for (const instance of instances) {
    const s = instance.status();
    if (s.state === 'running') status.running += 1;
    if (s.consecutiveErrors > 0) status.failing += 1;
    status.pendingReports += s.pendingReports;
    for (const k of ['PENDING', 'RUNNING', 'STOPPED'] as const) status.tasks[k] += s.tasks[k];
  }
  return status;
}
