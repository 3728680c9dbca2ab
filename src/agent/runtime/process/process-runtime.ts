/**
 * How one task's "containers" run as host processes (the ContainerRuntime of
 * the process driver).
 *
 * Each container is one detached process (its own session and process group,
 * stdout+stderr appended to a log file), so it survives the agent exiting and
 * the whole tree can be signalled at once. Like Docker tearing down a
 * container when PID 1 exits, the group is killed when the main process exits.
 * Task volumes, links and network modes do not apply: processes share the
 * host's filesystem and network (see command.ts for ports and links).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import type { Logger } from '../../../logging/logger.js';
import type { ContainerEventSink, ContainerRuntime, ExitInfo, ObservedContainer } from '../supervision/container-runtime.js';
import { messageOf, RuntimeError } from '../supervision/errors.js';
import type { ContainerSpec, NetworkBinding, TaskSpec } from '../../../protocol/index.js';
import { commandLine, processEnvironment, resolveExecutable } from './command.js';
import { commandProbe, HealthChecker } from './health-checker.js';
import { isAlive, readProcStat } from './proc-stats.js';
import type { ProcessContainerRecord, TaskStateStore } from './state-store.js';

export const UNKNOWN_EXIT_REASON = 'exit code unknown: the process ended while not a child of this agent';

interface LaunchPlan {
  executable: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

interface LiveProcess {
  pid: number;
  procStart?: number;
  /** Resolves with the exit once the main process is gone. */
  exited: Promise<ExitInfo>;
  child?: ChildProcess;
  poll?: NodeJS.Timeout;
  health?: HealthChecker;
}

export class ProcessTaskRuntime implements ContainerRuntime {
  private readonly live = new Map<string, LiveProcess>();

  constructor(
    private readonly store: TaskStateStore,
    private readonly task: TaskSpec,
    private readonly sink: ContainerEventSink,
    /** How often to check adopted processes, which are not our children and give no exit event. */
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  async prepare(): Promise<void> {
    this.store.writeTask(this.task);
  }

  async create(c: ContainerSpec): Promise<string> {
    this.plan(c);
    this.store.writeContainer(this.task.taskId, c.name, {});
    return `${this.task.taskId}/${c.name}`;
  }

  async start(c: ContainerSpec): Promise<{ pid?: number }> {
    const plan = this.plan(c);
    const log = openSync(this.store.logPath(this.task.taskId, c.name), 'a');
    let child: ChildProcess;
    let exited: Promise<ExitInfo>;
    try {
      child = spawn(plan.executable, plan.argv.slice(1), {
        argv0: plan.argv[0],
        cwd: plan.cwd,
        env: plan.env,
        detached: true,
        stdio: ['ignore', log, log],
      });
      // Listen before anything else so even an instant exit is seen.
      exited = new Promise<ExitInfo>((resolve) => {
        child.once('exit', (code, signal) => {
          resolve({ exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), at: Date.now() });
        });
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (err) {
      throw new RuntimeError('CannotStartContainerError', `container ${c.name}: ${messageOf(err)}`, { cause: err });
    } finally {
      closeSync(log); // the child holds its own copy
    }
    const pid = child.pid as number;
    const startedAt = Date.now();
    const procStart = readProcStat(pid)?.startTime;
    this.store.writeContainer(this.task.taskId, c.name, { pid, procStart, startedAt });
    child.unref(); // a running task must not keep the agent alive
    this.track(c, { pid, procStart, exited, child }, startedAt);
    return { pid };
  }

  /** SIGTERM to the process group, SIGKILL after timeoutSeconds. */
  async stop(c: ContainerSpec, _runtimeId: string, timeoutSeconds: number): Promise<ExitInfo> {
    const p = this.live.get(c.name);
    if (!p) return this.recordedExit(c.name);
    signalGroup(p.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutSeconds * 1000);
    });
    const exit = await Promise.race([p.exited, timedOut]);
    clearTimeout(timer);
    if (exit) return exit;
    signalGroup(p.pid, 'SIGKILL');
    return p.exited;
  }

  /** Forget the process and its pid file; its log stays until the task is removed. */
  async remove(c: ContainerSpec): Promise<void> {
    this.untrack(c.name);
    this.store.removeContainer(this.task.taskId, c.name);
  }

  bindings(c: ContainerSpec): NetworkBinding[] {
    return (c.portMappings ?? []).map((p) => ({
      bindIP: '0.0.0.0',
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      protocol: p.protocol ?? 'tcp',
    }));
  }

  detach(): void {
    for (const name of [...this.live.keys()]) this.untrack(name);
  }

  /**
   * Re-attach to a container from its pid file after an agent restart. A
   * live pid (same process instance) is RUNNING and watched by polling; a
   * dead one is STOPPED, with its exit code only if this agent recorded it.
   */
  observe(c: ContainerSpec, rec: ProcessContainerRecord): ObservedContainer {
    const runtimeId = `${this.task.taskId}/${c.name}`;
    if (rec.pid === undefined) return { runtimeId, status: 'CREATED' };
    if (rec.exitCode === undefined && isAlive(rec.pid, rec.procStart)) {
      const { pid, procStart } = rec;
      let poll: NodeJS.Timeout | undefined;
      const exited = new Promise<ExitInfo>((resolve) => {
        poll = setInterval(() => {
          if (isAlive(pid, procStart)) return;
          clearInterval(poll);
          resolve({ reason: UNKNOWN_EXIT_REASON });
        }, this.pollMs);
        poll.unref();
      });
      this.track(c, { pid, procStart, exited, poll }, rec.startedAt ?? Date.now());
      return { runtimeId, status: 'RUNNING', startedAt: rec.startedAt, pid };
    }
    return {
      runtimeId,
      status: 'STOPPED',
      startedAt: rec.startedAt,
      pid: rec.pid,
      exit: { exitCode: rec.exitCode, reason: rec.exitCode === undefined ? UNKNOWN_EXIT_REASON : rec.reason, at: rec.stoppedAt },
    };
  }

  /** Pids of the running main processes, for usage. */
  pids(): number[] {
    return [...this.live.values()].map((p) => p.pid);
  }

  private plan(c: ContainerSpec): LaunchPlan {
    const argv = commandLine(c);
    const [command] = argv;
    if (!command) {
      throw new RuntimeError(
        'CannotCreateContainerError',
        `container ${c.name} has no entryPoint or command: the process driver runs them as a host process`,
      );
    }
    const cwd = c.workingDirectory ?? this.store.workDir(this.task.taskId, c.name);
    if (!existsSync(cwd)) {
      throw new RuntimeError('CannotCreateContainerError', `container ${c.name}: working directory ${cwd} does not exist`);
    }
    const env = processEnvironment(this.task, c);
    const executable = resolveExecutable(command, env.PATH, cwd);
    if (!executable) {
      throw new RuntimeError('CannotCreateContainerError', `container ${c.name}: executable ${command} not found (PATH=${env.PATH ?? ''})`);
    }
    return { executable, argv, env, cwd };
  }

  /** Watch a live process: record and report its exit, run its health check. */
  private track(c: ContainerSpec, p: LiveProcess, startedAt: number): void {
    this.live.set(c.name, p);
    const check = c.healthCheck;
    const probe = check?.command ? this.probeFor(c, check.command) : undefined;
    if (check && probe) {
      p.health = new HealthChecker(check, probe, (h) => this.sink.containerHealth(c.name, h), startedAt);
      p.health.start();
    }
    void p.exited.then((exit) => {
      if (this.live.get(c.name) !== p) return; // detached or removed meanwhile
      p.health?.stop();
      try {
        // Orphans left in the group die with the main process, as in a container.
        signalGroup(p.pid, 'SIGKILL');
        this.store.writeContainer(this.task.taskId, c.name, {
          ...this.store.readContainer(this.task.taskId, c.name),
          exitCode: exit.exitCode,
          reason: exit.reason,
          stoppedAt: exit.at ?? Date.now(),
        });
      } catch (err) {
        // The exit is still reported; only a later adopt would miss the recorded code.
        this.log.warn('recording a process exit failed', { taskArn: this.task.taskArn, container: c.name, error: String(err) });
      }
      this.sink.containerExited(c.name, exit);
    });
  }

  /** The health probe runs with the container's environment and working directory. */
  private probeFor(c: ContainerSpec, command: string[]) {
    const cwd = c.workingDirectory ?? this.store.workDir(this.task.taskId, c.name);
    return commandProbe(command, { env: processEnvironment(this.task, c), cwd });
  }

  private untrack(name: string): void {
    const p = this.live.get(name);
    if (!p) return;
    this.live.delete(name);
    p.health?.stop();
    clearInterval(p.poll);
    p.child?.removeAllListeners('exit');
  }

  private recordedExit(name: string): ExitInfo {
    const rec = this.store.readContainer(this.task.taskId, name);
    return { exitCode: rec?.exitCode, reason: rec?.reason, at: rec?.stoppedAt };
  }
}

/** Signal a whole process group; a group that is already gone is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
