/**
 * CapacityProviderReservation, as ECS defines it for a capacity provider
 * with managed scaling: M ÷ N × 100, where N is the number of instances the
 * Auto Scaling group has and M the number it needs to run every task,
 * including the tasks waiting in PROVISIONING.
 *
 * - Nothing waits: M is the number of instances running at least one task.
 * - Tasks wait: M = N + the instances they need, estimated from their sizes
 *   as ECS does — tasks grouped by identical CPU/memory, each group binpacked
 *   on an instance of the group's size, the largest group's count taken (a
 *   lower bound: the next scaling round adds what it missed), clamped to the
 *   provider's minimum and maximum scaling step sizes. Instances still
 *   warming up (launched within instanceWarmupPeriod, or not registered yet)
 *   are counted as hosting waiting tasks already, so one burst is not scaled
 *   out twice.
 * - N = 0: 100 when M = 0 (nothing to do), 200 when M > 0 (scale out from zero).
 * Pure.
 */

export interface TaskSize {
  cpu: number;
  memory: number;
}

export interface ReservationInput {
  /** Instances in the group now (Pending or InService). */
  groupInstances: number;
  /** Of those, the ones whose container instance runs or is starting at least one task. */
  busyInstances: number;
  /** Of those, the ones still warming up (launched within the warm-up period or not registered with ECS yet). */
  warmingInstances: number;
  /** Sizes of the provider's tasks waiting in PROVISIONING. */
  provisioning: readonly TaskSize[];
  /** One instance's CPU units and MiB, when known; unknown: one instance per waiting task. */
  instance?: TaskSize;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
}

export interface Reservation {
  /** Instances needed. */
  m: number;
  /** Instances in the group. */
  n: number;
  /** The metric value, percent. */
  value: number;
}

export function capacityProviderReservation(r: ReservationInput): Reservation {
  const n = r.groupInstances;
  let m = Math.min(r.busyInstances, n);
  const extra = instancesFor(r.provisioning, r.instance);
  const beyondWarming = extra - r.warmingInstances;
  if (beyondWarming > 0) {
    m = n + Math.min(r.maximumScalingStepSize, Math.max(r.minimumScalingStepSize, beyondWarming));
  } else if (extra > 0) {
    // Warming instances will take the waiting tasks: they are needed, nothing more is.
    m = Math.max(m, Math.min(n, r.busyInstances + extra));
  }
  const value = n === 0 ? (m === 0 ? 100 : 200) : (m / n) * 100;
  return { m, n, value };
}

/**
 * How many fresh instances the waiting tasks need at least: per group of
 * tasks with the same size, how many fit on one instance; the largest
 * group's need. Tasks larger than an instance are left out (no instance of
 * this group can ever host them).
 */
export function instancesFor(tasks: readonly TaskSize[], instance: TaskSize | undefined): number {
  if (!instance) return tasks.length;
  const groups = new Map<string, { size: TaskSize; count: number }>();
  for (const t of tasks) {
    if (t.cpu > instance.cpu || t.memory > instance.memory) continue;
    const key = `${t.cpu}/${t.memory}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { size: t, count: 1 });
  }
  let need = 0;
  for (const { size, count } of groups.values()) {
    const perInstance = Math.max(
      1,
      Math.min(
        size.cpu > 0 ? Math.floor(instance.cpu / size.cpu) : count,
        size.memory > 0 ? Math.floor(instance.memory / size.memory) : count,
      ),
    );
    need = Math.max(need, Math.ceil(count / perInstance));
  }
  return need;
}
