/**
 * Keeps every local Auto Scaling group at its desired capacity, as EC2 Auto
 * Scaling does: launches instances (local agents) into the zone with the
 * fewest, marks them InService once their agent registered, replaces an
 * instance whose agent died (the EC2 health check), terminates the ones a
 * scale-in chose (never a protected one), and finishes a forced delete.
 *
 * A terminated instance is gone for good: its agent is killed, whatever its
 * tasks left running is removed, its disk deleted, and ECS is told (the twin
 * plays EC2's part: ECS deregisters a terminated instance's container
 * instance). After an `npm start` restart, the stored instances' agents are
 * started again from their state dirs: they re-register as the same
 * container instances and adopt the tasks they left running.
 *
 * One lock serializes every change to the twin's groups (API calls and
 * ticks), and each write is also guarded by the group's version.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isLive, type ActivityRecord, type GroupRecord, type InstanceRecord } from './group-record.js';
import { chooseForScaleIn, launchBackoffMs, launchZone, newInstanceId, instanceSpec } from './group-rules.js';
import type { ActivityCompletion, GroupStore, StoredGroup } from './group-store.js';
import type { LocalInstanceHost, LocalInstanceProcess } from './instance-host.js';

const TICK_MS = 1000;

export interface ControllerDeps {
  store: GroupStore;
  host: LocalInstanceHost;
  /** Tells ECS an instance was terminated (force-deregisters its container instance); resolves false when ECS was unreachable. */
  instanceGone: (cluster: string, containerInstanceArn: string) => Promise<boolean>;
  /** Instance i keeps its state in <stateRoot>/<instance id>. */
  stateRoot: string;
  /** Dynamic host-port slices (`MIN-MAX`) the twin may hand out, one per instance. */
  portSlices: readonly string[];
  now?: () => number;
  random?: () => number;
  log: (line: string) => void;
}

interface Running {
  process: LocalInstanceProcess;
  arn?: string;
  failure?: string;
  exited: boolean;
  /** We asked it to stop: its exit is not a crash. */
  stopping: boolean;
}

/** What a change to one group produced: the record to write, activities begun, earlier activities finished, the caller's result. */
export interface GroupChange<T> {
  group?: GroupRecord;
  /** The group is gone (a forced delete finished). */
  deleteGroup?: boolean;
  activities?: ActivityRecord[];
  completions?: ActivityCompletion[];
  result: T;
}

export class GroupController {
  private readonly running = new Map<string, Running>();
  private readonly terminating = new Map<string, Promise<void>>();
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private kickTimer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(0), TICK_MS);
    this.kick(0);
  }

  /** A tick soon (after an API change, a registration, an exit). */
  kick(delayMs = 50): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((err: unknown) => this.deps.log(`local autoscaling: ${(err as Error).message}`))
        .finally(() => (this.ticking = undefined));
    }, delayMs);
  }

  /** Runs `fn` alone (no other change to any group runs meanwhile). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Read-modify-write of one group under the lock: `fn` gets the stored group
   * (undefined if there is none) and every group (for what they share: port
   * slices), and returns what to write. Activities are written before the
   * group, so a group never names an activity that is not there.
   */
  change<T>(name: string, fn: (current: StoredGroup | undefined, all: readonly StoredGroup[]) => GroupChange<T>): Promise<T> {
    return this.exclusive(async () => {
      const [current, listed] = await Promise.all([this.deps.store.get(name), this.deps.store.list()]);
      const all = [...listed.filter((s) => s.group.name !== name), ...(current ? [current] : [])];
      const out = fn(current, all);
      for (const a of out.activities ?? []) await this.deps.store.putActivity(a);
      for (const c of out.completions ?? []) await this.deps.store.completeActivity(name, c);
      if (out.group) await this.deps.store.put(out.group, current?.version);
      else if (current && out.deleteGroup) await this.deps.store.delete(name);
      this.kick();
      return out.result;
    });
  }

  private async tick(): Promise<void> {
    for (const { group } of await this.deps.store.list()) {
      if (this.stopped) return;
      await this.change(group.name, (current, all) => (current ? this.step(current.group, all) : { result: undefined }));
    }
  }

  /** One pass over a group: follow its instances' agents, then close the gap between live and desired. */
  private step(stored: GroupRecord, all: readonly StoredGroup[]): GroupChange<undefined> {
    const g: GroupRecord = structuredClone(stored);
    const now = this.now();
    const activities: ActivityRecord[] = [];
    const completions: ActivityCompletion[] = [];
    const begin = (description: string, cause: string, zone?: string) => {
      const a = newActivity(g, description, cause, now, zone);
      activities.push(a);
      return a.ActivityId;
    };
    const complete = (activityId: string, status: ActivityCompletion['status'], message?: string) => {
      const fresh = activities.find((a) => a.ActivityId === activityId);
      if (fresh) Object.assign(fresh, finished(status, now, message));
      else completions.push({ activityId, status, endTime: now / 1000, ...(message ? { message } : {}) });
    };
    const changed = () => ({ group: g, activities, completions, result: undefined });

    for (const inst of g.instances) {
      if (inst.lifecycleState === 'Terminating') {
        this.terminate(g.name, inst);
        continue;
      }
      const run = this.running.get(inst.instanceId);
      if (!run) {
        // Known but not running: the twin restarted. Boot the same instance again.
        this.boot(inst);
        continue;
      }
      if (run.exited && !run.stopping) {
        if (!run.arn) {
          // The agent never registered: a failed launch (launches back off).
          g.failedLaunches += 1;
          g.launchNotBefore = now + launchBackoffMs(g.failedLaunches);
          complete(inst.launchActivityId, 'Failed', clip(run.failure ?? "The instance's agent exited before registering."));
          inst.lifecycleState = 'Terminating';
          inst.healthStatus = 'Unhealthy';
          continue;
        }
        if (now - inst.launchedAt < g.healthCheckGracePeriod * 1000) continue;
        inst.healthStatus = 'Unhealthy';
        this.markTerminating(
          g,
          inst,
          `At ${iso(now)} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.`,
          begin,
        );
        continue;
      }
      if (inst.lifecycleState === 'Pending' && run.arn) {
        inst.lifecycleState = 'InService';
        inst.containerInstanceArn = run.arn;
        g.failedLaunches = 0;
        delete g.launchNotBefore;
        complete(inst.launchActivityId, 'Successful');
      }
    }

    const live = g.instances.filter(isLive);
    if (g.deleting) {
      for (const inst of live) this.markTerminating(g, inst, `At ${iso(now)} a user request deleted the AutoScalingGroup.`, begin);
      return g.instances.length === 0 ? { deleteGroup: true, activities, completions, result: undefined } : changed();
    }

    if (live.length > g.desiredCapacity) {
      const cause = `${g.lastCause ?? ''} At ${iso(now)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${live.length} to ${g.desiredCapacity}.`;
      for (const inst of chooseForScaleIn(g, live.length - g.desiredCapacity)) {
        this.markTerminating(g, inst, `${cause} At ${iso(now)} instance ${inst.instanceId} was selected for termination.`.trim(), begin);
      }
      return changed();
    }
    if (live.length === g.desiredCapacity || now < (g.launchNotBefore ?? 0)) return changed();

    const cause =
      `${g.lastCause ?? ''} At ${iso(now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${live.length} to ${g.desiredCapacity}.`.trim();
    const failLaunch = (message: string) => {
      complete(begin('Launching a new EC2 instance', cause), 'Failed', clip(message));
      g.failedLaunches += 1;
      g.launchNotBefore = now + launchBackoffMs(g.failedLaunches);
    };
    let spec;
    try {
      spec = instanceSpec(g.tags);
    } catch (err) {
      failLaunch((err as Error).message);
      return changed();
    }
    const used = new Set(all.flatMap((s) => s.group.instances.map((i) => i.dynamicPorts)));
    for (const i of g.instances) used.add(i.dynamicPorts);
    for (let n = live.length; n < g.desiredCapacity; n++) {
      const slice = this.deps.portSlices.find((p) => !used.has(p));
      if (!slice) {
        failLaunch(
          `Berth's local Auto Scaling runs at most ${this.deps.portSlices.length} instances on this machine (each gets its own share of the dynamic host ports).`,
        );
        break;
      }
      used.add(slice);
      const instanceId = newInstanceId(this.random);
      const zone = launchZone(g);
      const inst: InstanceRecord = {
        instanceId,
        zone,
        lifecycleState: 'Pending',
        healthStatus: 'Healthy',
        protectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
        launchedAt: now,
        cpu: spec.cpu,
        memory: spec.memory,
        cluster: spec.cluster,
        dynamicPorts: slice,
        launchActivityId: begin(`Launching a new EC2 instance: ${instanceId}`, cause, zone),
      };
      g.instances.push(inst);
      this.boot(inst);
    }
    g.lastScalingAt = now;
    return changed();
  }

  private markTerminating(
    g: GroupRecord,
    inst: InstanceRecord,
    cause: string,
    begin: (d: string, c: string, zone?: string) => string,
  ): void {
    inst.lifecycleState = 'Terminating';
    inst.terminationActivityId = begin(`Terminating EC2 instance: ${inst.instanceId}`, cause, inst.zone);
    g.lastScalingAt = this.now();
  }

  private boot(inst: InstanceRecord): void {
    const process = this.deps.host.launch({
      instanceId: inst.instanceId,
      cluster: inst.cluster,
      zone: inst.zone,
      cpu: inst.cpu,
      memory: inst.memory,
      dynamicPorts: inst.dynamicPorts,
      stateDir: this.stateDir(inst),
    });
    const run: Running = { process, exited: false, stopping: false };
    this.running.set(inst.instanceId, run);
    process.ready.then(
      (arn) => {
        run.arn = arn;
        this.kick();
      },
      (err: unknown) => {
        run.failure = (err as Error).message;
      },
    );
    void process.exited.then(() => {
      run.exited = true;
      if (!run.stopping) {
        this.deps.log(`local autoscaling: the agent of instance ${inst.instanceId} exited`);
        this.kick();
      }
    });
  }

  private stateDir(inst: InstanceRecord): string {
    return join(this.deps.stateRoot, inst.instanceId);
  }

  /** Kill the agent, remove what its tasks left, tell ECS; then the instance leaves its group. Once per instance at a time. */
  private terminate(groupName: string, inst: InstanceRecord): void {
    if (this.terminating.has(inst.instanceId)) return;
    const work = (async () => {
      const run = this.running.get(inst.instanceId);
      if (run && !run.exited) {
        run.stopping = true;
        await run.process.stop('SIGKILL');
      }
      await this.deps.host.destroy(this.stateDir(inst));
      const arn = inst.containerInstanceArn ?? run?.arn;
      if (arn && !(await this.deps.instanceGone(inst.cluster, arn))) return; // ECS unreachable: a later tick tries again.
      await this.change(groupName, (current) => {
        if (!current) return { result: undefined };
        const g = structuredClone(current.group);
        g.instances = g.instances.filter((i) => i.instanceId !== inst.instanceId);
        const completions: ActivityCompletion[] = inst.terminationActivityId
          ? [{ activityId: inst.terminationActivityId, status: 'Successful', endTime: this.now() / 1000 }]
          : [];
        return g.deleting && g.instances.length === 0
          ? { deleteGroup: true, result: undefined }
          : { group: g, completions, result: undefined };
      });
      this.running.delete(inst.instanceId);
    })()
      .catch((err: unknown) => this.deps.log(`local autoscaling: terminating ${inst.instanceId}: ${(err as Error).message}`))
      .finally(() => this.terminating.delete(inst.instanceId));
    this.terminating.set(inst.instanceId, work);
  }

  /**
   * `suspend` (npm start stopping): agents get SIGTERM and leave their tasks
   * running; the next start boots the same instances again. `destroy` (a
   * throwaway, in-memory stack): every instance is gone for good.
   */
  async stop(mode: 'suspend' | 'destroy'): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.kickTimer);
    await this.ticking;
    await Promise.all(this.terminating.values());
    await this.exclusive(async () => {
      const groups = mode === 'destroy' ? await this.deps.store.list() : [];
      await Promise.all(
        [...this.running.values()].map((run) => {
          run.stopping = true;
          return run.exited ? undefined : run.process.stop(mode === 'destroy' ? 'SIGKILL' : 'SIGTERM');
        }),
      );
      for (const { group } of groups) for (const inst of group.instances) await this.deps.host.destroy(this.stateDir(inst));
    });
  }
}

let activitySeq = 0;

export function newActivity(g: GroupRecord, description: string, cause: string, now: number, zone?: string): ActivityRecord {
  return {
    seq: activitySeq++,
    ActivityId: randomUUID(),
    AutoScalingGroupName: g.name,
    AutoScalingGroupARN: g.arn,
    Description: description,
    Cause: cause,
    StartTime: now / 1000,
    StatusCode: 'InProgress',
    Progress: 0,
    Details: JSON.stringify(zone ? { 'Availability Zone': zone } : {}),
  };
}

function finished(status: ActivityCompletion['status'], now: number, message?: string): Partial<ActivityRecord> {
  return { StatusCode: status, Progress: 100, EndTime: now / 1000, ...(message ? { StatusMessage: message } : {}) };
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const clip = (s: string) => (s.length > 255 ? `${s.slice(0, 252)}...` : s);
