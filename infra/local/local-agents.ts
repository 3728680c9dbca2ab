/**
 * A local cluster: N real agent processes (bin/berth-agent.mjs) on this one
 * machine, each its own container instance in its own zone, with its own
 * state dir and its own slice of the dynamic host ports (so two instances are
 * never handed the same host port). Used by `npm start`, the demo and the
 * end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DriverChoice } from '../../src/agent/cli-options.js';
import { DEFAULT_ZONES } from '../../src/agent/hollow/fleet.js';
import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN } from '../../src/protocol/index.js';

const AGENT_BIN = fileURLToPath(new URL('../../bin/berth-agent.mjs', import.meta.url));
export const PORTS_PER_AGENT = 1000;
/**
 * The dynamic host ports are shared out on this one machine: the lower part,
 * in 1000-port slices, to the agents of the local cluster (and e2e clusters);
 * the rest, in smaller slices, to the local Auto Scaling twin's instances.
 */
// 12: the local cluster's 3 and the e2e files' agent clusters (slices 0-2, 3-5, 6, 9-11) at once.
export const MAX_LOCAL_AGENTS = 12;
export const AUTOSCALING_PORTS_PER_INSTANCE = 400;
const AUTOSCALING_PORT_MIN = DYNAMIC_PORT_MIN + MAX_LOCAL_AGENTS * PORTS_PER_AGENT;

/** The slices the local Auto Scaling twin hands its instances (10 of them): 61153-61552, 61553-61952, … */
export function autoscalingPortSlices(): string[] {
  const slices: string[] = [];
  for (
    let min = AUTOSCALING_PORT_MIN;
    min + AUTOSCALING_PORTS_PER_INSTANCE - 1 <= DYNAMIC_PORT_MAX;
    min += AUTOSCALING_PORTS_PER_INSTANCE
  ) {
    slices.push(`${min}-${min + AUTOSCALING_PORTS_PER_INSTANCE - 1}`);
  }
  return slices;
}
/** Registration includes tsx compiling the agent and, against a stack still starting, retries. */
const READY_TIMEOUT_MS = 60_000;
/** A graceful stop is one last poll (10 s request timeout at most) and closing the driver; past this, SIGKILL. */
const STOP_TIMEOUT_MS = 20_000;
/** Lines of an agent's output kept for the error when it fails to start. */
const OUTPUT_LINES = 40;
const READY_LINE = /registered as (\S+) \(/;

export type StopSignal = 'SIGTERM' | 'SIGKILL';

export interface LocalAgentsOptions {
  endpoint: string;
  cluster: string;
  count: number;
  /** Agent i keeps its state in <stateRoot>/agent-<i>. */
  stateRoot: string;
  driver?: DriverChoice;
  /** Lets the agents join the cluster (passed in their environment, not on their command line). */
  joinToken?: string;
  /** Extra environment for the agent processes. */
  env?: Record<string, string>;
  /** Progress, and every error an agent logs or prints. */
  log: (line: string) => void;
  pollIntervalMs?: number;
  /** How often agents sample task usage (the metric period decides it: at least two samples per period). */
  usageIntervalMs?: number;
  /** Agent i takes port slice i + this (default 0): clusters that run side by side on one host (parallel test files) keep apart. */
  portSliceOffset?: number;
  /** `--logging-drivers`: the Docker logging drivers the agents offer (default: every ECS one Docker Engine has). */
  loggingDrivers?: string[];
}

/** Usage sampled at least twice per metric period (and at most every 20 s, the agent's default). */
export const usageIntervalFor = (metricPeriodSeconds: number) => Math.min(20_000, (metricPeriodSeconds * 1000) / 2);

export interface LocalAgent {
  index: number;
  zone: string;
  stateDir: string;
  /** Of the current process; updated by startOne(). */
  pid: number;
  containerInstanceArn: string;
}

export interface LocalAgents {
  /** One entry per agent, updated in place when an agent is started again. */
  agents: LocalAgent[];
  /** SIGTERM: graceful, the tasks keep running (as with the ECS agent). SIGKILL: the agent vanishes. */
  stop(signal?: StopSignal): Promise<void>;
  stopOne(index: number, signal?: StopSignal): Promise<void>;
  /** Starts a stopped agent again with the same state dir: it re-registers as the same instance and adopts its tasks. */
  startOne(index: number): Promise<void>;
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  /** Set once we asked it to stop, so its exit is not reported as a crash. */
  stopping: boolean;
}

/** The dynamic host ports of agent `index`: 49153-50152, 50153-51152, … */
export function dynamicPortSlice(index: number): string {
  const min = DYNAMIC_PORT_MIN + index * PORTS_PER_AGENT;
  return `${min}-${min + PORTS_PER_AGENT - 1}`;
}

/** Resolves once every agent printed its registered line; if one cannot start, stops the others and rejects. */
export async function startLocalAgents(opts: LocalAgentsOptions): Promise<LocalAgents> {
  if (!Number.isInteger(opts.count) || opts.count < 0 || opts.count + (opts.portSliceOffset ?? 0) > MAX_LOCAL_AGENTS) {
    throw new RangeError(
      `the local cluster has 0 to ${MAX_LOCAL_AGENTS} agents (one ${PORTS_PER_AGENT}-port slice each), not ${opts.count}${opts.portSliceOffset ? ` from slice ${opts.portSliceOffset}` : ''}`,
    );
  }
  const agents: LocalAgent[] = Array.from({ length: opts.count }, (_, index) => ({
    index,
    zone: DEFAULT_ZONES[index % DEFAULT_ZONES.length]!,
    stateDir: join(opts.stateRoot, `agent-${index}`),
    pid: 0,
    containerInstanceArn: '',
  }));
  const running = new Map<number, Running>();

  const agentAt = (index: number): LocalAgent => {
    const agent = agents[index];
    if (!agent) throw new RangeError(`no local agent ${index} (there are ${agents.length})`);
    return agent;
  };

  const startOne = async (index: number): Promise<void> => {
    const agent = agentAt(index);
    if (running.has(index)) return;
    const { child, ready, exited } = spawnLocalAgent({
      name: `agent-${agent.index}`,
      endpoint: opts.endpoint,
      cluster: opts.cluster,
      driver: opts.driver,
      stateDir: agent.stateDir,
      zone: agent.zone,
      dynamicPorts: dynamicPortSlice(agent.index + (opts.portSliceOffset ?? 0)),
      joinToken: opts.joinToken,
      pollIntervalMs: opts.pollIntervalMs,
      usageIntervalMs: opts.usageIntervalMs,
      loggingDrivers: opts.loggingDrivers,
      env: opts.env,
      log: opts.log,
      stopping: () => running.get(index)?.stopping ?? false,
    });
    const entry: Running = { child, exited, stopping: false };
    running.set(index, entry);
    void exited.then(() => {
      if (running.get(index) === entry) running.delete(index);
    });
    agent.pid = child.pid ?? 0;
    try {
      agent.containerInstanceArn = await ready;
    } catch (err) {
      entry.stopping = true;
      child.kill('SIGKILL');
      throw err;
    }
  };

  const stopOne = async (index: number, signal: StopSignal = 'SIGTERM'): Promise<void> => {
    agentAt(index);
    const entry = running.get(index);
    if (!entry) return;
    entry.stopping = true;
    await stopAgentProcess(entry, signal, `agent-${index}`, opts.log);
  };

  const stop = async (signal: StopSignal = 'SIGTERM') => {
    await Promise.all(agents.map((a) => stopOne(a.index, signal)));
  };

  const starts = agents.map((a) => startOne(a.index));
  const results = await Promise.allSettled(starts);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop('SIGKILL');
    throw failed.reason;
  }
  return { agents, stop, stopOne, startOne };
}

/** Signals an agent process and waits for it to exit; past STOP_TIMEOUT_MS a SIGTERM becomes a SIGKILL. */
export async function stopAgentProcess(
  agent: { child: ChildProcess; exited: Promise<void> },
  signal: StopSignal,
  name: string,
  log: (line: string) => void,
): Promise<void> {
  agent.child.kill(signal);
  const escalate = setTimeout(() => {
    log(`${name}: still running ${STOP_TIMEOUT_MS / 1000} s after ${signal}; killing it`);
    agent.child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await agent.exited;
  clearTimeout(escalate);
}

export interface AgentProcessOptions {
  /** For log lines, e.g. `agent-0`. */
  name: string;
  endpoint: string;
  cluster: string;
  driver?: DriverChoice;
  stateDir: string;
  zone: string;
  /** `MIN-MAX`: the agent's own share of the dynamic host ports. */
  dynamicPorts: string;
  /** What the instance offers; default: the machine's CPU and memory. */
  cpu?: number;
  memory?: number;
  /** Registers with an instance identity document naming this EC2 instance id. */
  ec2InstanceId?: string;
  /** Lets the agent join the cluster on its first start (passed in its environment, not on its command line). */
  joinToken?: string;
  pollIntervalMs?: number;
  usageIntervalMs?: number;
  loggingDrivers?: string[];
  env?: Record<string, string>;
  log: (line: string) => void;
  /** True once the caller asked it to stop, so its exit is not reported as a crash. */
  stopping: () => boolean;
}

/** One agent process (bin/berth-agent.mjs); `ready` resolves with its container instance ARN. */
export function spawnLocalAgent(opts: AgentProcessOptions) {
  const args = [
    AGENT_BIN,
    '--endpoint',
    opts.endpoint,
    '--cluster',
    opts.cluster,
    '--driver',
    opts.driver ?? 'auto',
    '--state-dir',
    opts.stateDir,
    '--zone',
    opts.zone,
    '--instance-type',
    'local',
    '--dynamic-ports',
    opts.dynamicPorts,
    ...(opts.cpu ? ['--cpu', String(opts.cpu)] : []),
    ...(opts.memory ? ['--memory', String(opts.memory)] : []),
    ...(opts.ec2InstanceId ? ['--ec2-instance-id', opts.ec2InstanceId] : []),
    ...(opts.pollIntervalMs ? ['--poll-interval-ms', String(opts.pollIntervalMs)] : []),
    ...(opts.usageIntervalMs ? ['--usage-interval-ms', String(opts.usageIntervalMs)] : []),
    ...(opts.loggingDrivers ? ['--logging-drivers', opts.loggingDrivers.join(',')] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...opts.env, ...(opts.joinToken ? { BERTH_JOIN_TOKEN: opts.joinToken } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only the parent, which stops agents before the stack.
    detached: true,
  });
  const stopping = opts.stopping;
  const name = opts.name;
  const output: string[] = [];
  const remember = (line: string) => {
    output.push(line);
    if (output.length > OUTPUT_LINES) output.shift();
  };
  const recent = () => output.map((l) => `    ${l}`).join('\n') || '    (no output)';

  let settle!: { resolve: (arn: string) => void; reject: (err: Error) => void };
  let registered = false;
  const ready = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const timer = setTimeout(() => {
    settle.reject(new Error(`local ${name} did not register within ${READY_TIMEOUT_MS / 1000} s; its last output:\n${recent()}`));
  }, READY_TIMEOUT_MS);
  void ready.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );

  createInterface({ input: child.stdout! }).on('line', (line) => {
    remember(line);
    const error = errorOf(line);
    if (error) opts.log(`${name}: ${error}`);
    const m = registered ? null : READY_LINE.exec(line);
    if (m) {
      registered = true;
      settle.resolve(m[1]!);
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    remember(line);
    opts.log(`${name}: ${line}`);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      settle.reject(new Error(`local ${name} could not be started: ${err.message}`));
      resolve();
    });
    child.once('exit', (code, signal) => {
      const how = signal ?? `code ${code}`;
      if (!registered) settle.reject(new Error(`local ${name} exited (${how}) before registering; its last output:\n${recent()}`));
      else if (!stopping()) opts.log(`${name}: exited unexpectedly (${how})`);
      resolve();
    });
  });
  return { child, ready, exited };
}

/** The message of an error-level JSON log line, with its error's message when it has one. */
function errorOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { level?: string; message?: string; error?: { message?: string } };
    if (entry.level !== 'error') return undefined;
    return entry.error?.message ? `${entry.message}: ${entry.error.message}` : entry.message;
  } catch {
    return undefined;
  }
}
