/**
 * A TaskDriver that runs nothing: each task is a HollowTask timeline (see
 * hollow-behavior.ts for the knobs), so one process can host hundreds of
 * simulated container instances that speak the real agent protocol, like
 * Kubernetes' kubemark hollow nodes.
 *
 * The simulated containers live as long as this object: close() only stops
 * watching (timers and listeners), and adopt() catches up on whatever
 * "happened" meanwhile, the way real containers outlive an agent restart.
 */
import { NotFoundError } from '../runtime/supervision/errors.js';
import { mergeContainerLogs } from '../runtime/supervision/log-format.js';
import type { TaskReport, TaskSpec, TaskStopCode, TaskUsage } from '../../protocol/index.js';
import type { TaskDriver, ReportListener } from '../runtime/task-driver.js';
import { DEFAULT_BEHAVIOR, type HollowBehavior } from './hollow-behavior.js';
import { planTask } from './hollow-plan.js';
import { HollowTask } from './hollow-task.js';
import { seededRandom, seedFrom } from './seeded-random.js';

export const REMOVED_REASON = 'Task removed by the agent';
/** setTimeout's ceiling (~24.8 days); later events are re-armed when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface HollowDriverOptions {
  /** Same seed, same fates (failures, start jitter, usage numbers). */
  seed?: number;
  /** Fleet-wide defaults; containers override them with HOLLOW_* environment variables. */
  behavior?: Partial<HollowBehavior>;
  now?: () => number;
}

interface Waiter {
  until: (r: TaskReport) => boolean;
  resolve: () => void;
}

interface Slot {
  task: HollowTask;
  listener?: ReportListener;
  timer?: NodeJS.Timeout;
  waiters: Waiter[];
}

export class HollowDriver implements TaskDriver {
  readonly name = 'hollow' as const;
  private readonly seed: number;
  private readonly behavior: HollowBehavior;
  private readonly now: () => number;
  private readonly usageRandom: () => number;
  private readonly slots = new Map<string, Slot>();

  constructor(opts: HollowDriverOptions = {}) {
    this.seed = opts.seed ?? 0;
    this.behavior = { ...DEFAULT_BEHAVIOR, ...opts.behavior };
    this.now = opts.now ?? Date.now;
    this.usageRandom = seededRandom(seedFrom(this.seed, 'usage'));
  }

  /** Resolves once the simulated launch is over (RUNNING, or STOPPED if it failed). */
  async start(spec: TaskSpec, onReport: ReportListener): Promise<void> {
    const known = this.slots.get(spec.taskArn);
    if (known) {
      known.listener = onReport;
      onReport(known.task.report());
      return;
    }
    const plan = planTask(spec, this.behavior, seededRandom(seedFrom(this.seed, spec.taskArn)));
    const slot: Slot = { task: new HollowTask(spec, plan, this.now()), listener: onReport, waiters: [] };
    this.slots.set(spec.taskArn, slot);
    this.emit(slot);
    this.tick(slot);
    await this.until(slot, (r) => r.status !== 'PENDING');
  }

  async stop(taskArn: string, reason: string, stopCode: TaskStopCode): Promise<void> {
    const slot = this.slots.get(taskArn);
    if (!slot) return;
    this.tick(slot);
    if (slot.task.requestStop(this.now(), reason, stopCode)) this.emit(slot);
    this.arm(slot);
    await this.until(slot, (r) => r.status === 'STOPPED');
  }

  async adopt(onReport: (arn: string) => ReportListener): Promise<TaskReport[]> {
    return [...this.slots.entries()].map(([arn, slot]) => {
      slot.listener = onReport(arn);
      this.tick(slot);
      return slot.task.report();
    });
  }

  async remove(taskArn: string): Promise<void> {
    await this.stop(taskArn, REMOVED_REASON, 'ServiceSchedulerInitiated');
    const slot = this.slots.get(taskArn);
    if (slot) clearTimeout(slot.timer);
    this.slots.delete(taskArn);
  }

  /** The simulated tasks on this host right now, without attaching to them (for tests and tooling). */
  snapshot(): TaskReport[] {
    return [...this.slots.values()].map((slot) => {
      this.tick(slot);
      return slot.task.report();
    });
  }

  /** Plausible numbers: 5–30 % of each container's CPU reservation, 30–70 % of its memory. */
  async usage(): Promise<TaskUsage[]> {
    const usage: TaskUsage[] = [];
    for (const { task } of this.slots.values()) {
      if (task.status !== 'RUNNING') continue;
      let cpuPercent = 0;
      let memoryBytes = 0;
      for (const c of task.spec.containers) {
        cpuPercent += ((c.cpu || 128) / 1024) * 100 * (0.05 + 0.25 * this.usageRandom());
        memoryBytes += (c.memoryReservation ?? c.memory ?? 64) * 2 ** 20 * (0.3 + 0.4 * this.usageRandom());
      }
      usage.push({ taskArn: task.spec.taskArn, cpuPercent: Math.round(cpuPercent * 100) / 100, memoryBytes: Math.round(memoryBytes) });
    }
    return usage;
  }

  async logs(taskArn: string, container?: string, opts: { tail?: number } = {}): Promise<string> {
    const task = this.slots.get(taskArn)?.task;
    if (!task) throw new NotFoundError(`no task ${taskArn} on this host`);
    const names = container ? [container] : task.spec.containers.map((c) => c.name);
    if (container && !task.spec.containers.some((c) => c.name === container)) {
      throw new NotFoundError(`task ${taskArn} has no container ${container}`);
    }
    const tail = (text: string) =>
      opts.tail === undefined
        ? text
        : text
            .split('\n')
            .slice(0, -1)
            .slice(-opts.tail)
            .map((l) => `${l}\n`)
            .join('');
    return mergeContainerLogs(names.map((name) => ({ name, text: tail(task.logs(name)) })));
  }

  /** Stops watching; the simulated tasks go on. Pending start()/stop() calls resolve: nobody is waiting for them any more. */
  async close(): Promise<void> {
    for (const slot of this.slots.values()) {
      clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.listener = undefined;
      for (const w of slot.waiters.splice(0)) w.resolve();
    }
  }

  /** Catches the task up with the clock, reports any change, re-arms its timer. */
  private tick(slot: Slot): void {
    if (slot.task.advance(this.now())) this.emit(slot);
    this.arm(slot);
  }

  private arm(slot: Slot): void {
    clearTimeout(slot.timer);
    const at = slot.task.nextEventAt();
    slot.timer = at === undefined ? undefined : setTimeout(() => this.tick(slot), Math.min(MAX_TIMER_MS, Math.max(0, at - this.now())));
  }

  private emit(slot: Slot): void {
    const report = slot.task.report();
    slot.listener?.(report);
    slot.waiters = slot.waiters.filter((w) => {
      if (!w.until(report)) return true;
      w.resolve();
      return false;
    });
  }

  private until(slot: Slot, until: (r: TaskReport) => boolean): Promise<void> {
    if (until(slot.task.report())) return Promise.resolve();
    return new Promise((resolve) => slot.waiters.push({ until, resolve }));
  }
}
