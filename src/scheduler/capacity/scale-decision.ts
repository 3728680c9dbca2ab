/**
 * What scale-cluster does when a capacity provider's alarm fires: target
 * tracking on CapacityProviderReservation. The group needs
 * ceil(M × 100 ÷ targetCapacity) instances. Scaling out moves the desired
 * capacity there in one step of at least minimumScalingStepSize and at most
 * maximumScalingStepSize instances, never past the group's maximum. Scaling
 * in goes down to that need, never below the group's minimum, never while
 * instances are still warming up, and (decided by the caller) only by
 * removing instances that run no task. Pure.
 */
import type { Reservation } from './reservation.js';

export interface ScaleInput {
  reservation: Reservation;
  targetCapacity: number;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
  group: { desired: number; min: number; max: number };
  /** Instances launched within the warm-up period (or not registered yet). */
  warming: number;
}

export type ScaleDecision =
  | { action: 'none'; reason: string }
  | { action: 'scale-out'; desired: number }
  /** Remove this many instances (empty ones only), to `desired`. */
  | { action: 'scale-in'; remove: number; desired: number };

export const instancesNeeded = (r: Pick<Reservation, 'm'>, targetCapacity: number) => Math.ceil((r.m * 100) / targetCapacity);

export function scaleOut(input: ScaleInput): ScaleDecision {
  const { group } = input;
  const needed = instancesNeeded(input.reservation, input.targetCapacity);
  if (needed <= group.desired)
    return { action: 'none', reason: `the group's desired capacity ${group.desired} already covers the ${needed} instances needed` };
  if (group.desired >= group.max) return { action: 'none', reason: `the group is at its maximum size ${group.max}` };
  const step = Math.min(input.maximumScalingStepSize, Math.max(input.minimumScalingStepSize, needed - group.desired));
  return { action: 'scale-out', desired: Math.min(group.max, group.desired + step) };
}

export function scaleIn(input: ScaleInput): ScaleDecision {
  const { group } = input;
  if (input.warming > 0) return { action: 'none', reason: `${input.warming} instance(s) still warming up` };
  const desired = Math.max(group.min, instancesNeeded(input.reservation, input.targetCapacity));
  if (desired >= group.desired)
    return { action: 'none', reason: `the ${desired} instances needed (or the group's minimum) leave nothing to remove` };
  return { action: 'scale-in', remove: group.desired - desired, desired };
}

export interface GroupInstance {
  instanceId: string;
  zone: string;
  /** Its container instance runs or is starting a task. */
  busy: boolean;
  /** Launched within the warm-up period, or not registered with ECS yet. */
  warming: boolean;
  protectedFromScaleIn: boolean;
  /** Its Auto Scaling lifecycle state is InService (scale-in protection applies from then on). */
  inService: boolean;
  /** Epoch ms it registered (older first). */
  registeredAt: number;
}

/**
 * The instances a scale-in removes: only idle ones that finished warming up
 * (managed termination protection: an instance with a task is never
 * chosen), from the zone with the most instances first, then the oldest.
 */
export function scaleInCandidates(instances: readonly GroupInstance[], count: number): GroupInstance[] {
  const perZone = new Map<string, number>();
  for (const i of instances) perZone.set(i.zone, (perZone.get(i.zone) ?? 0) + 1);
  const chosen: GroupInstance[] = [];
  const idle = instances.filter((i) => !i.busy && !i.warming);
  while (chosen.length < count) {
    const left = idle.filter((i) => !chosen.includes(i));
    if (!left.length) break;
    left.sort(
      (a, b) => perZone.get(b.zone)! - perZone.get(a.zone)! || a.registeredAt - b.registeredAt || (a.instanceId < b.instanceId ? -1 : 1),
    );
    const pick = left[0]!;
    chosen.push(pick);
    perZone.set(pick.zone, perZone.get(pick.zone)! - 1);
  }
  return chosen;
}

/**
 * Managed termination protection, as ECS documents it: every instance of the
 * group is protected from scale-in (ECS protects an instance first, then
 * places tasks on it), and protection comes off only when managed scaling
 * takes an idle instance out (scale-cluster). So no task ever lands on an
 * instance Auto Scaling may take, whatever a placement races with. The
 * InService instances not protected yet (launched while the group's
 * NewInstancesProtectedFromScaleIn was off, or unprotected by hand); Pending
 * ones get the group's setting when they come into service.
 */
export function instancesToProtect(instances: readonly GroupInstance[]): string[] {
  return instances.filter((i) => i.inService && !i.protectedFromScaleIn).map((i) => i.instanceId);
}

/**
 * The tasks on an instance other than DAEMON services' (`daemonGroups`: their
 * task groups, `service:<name>`). ECS managed termination protection ignores
 * daemon tasks: every instance runs them, so they never keep one in service.
 */
export function nonDaemonTasks(
  instance: { runningTasksCount: number; pendingTasksCount: number; taskGroups: Readonly<Record<string, number>> },
  daemonGroups: Iterable<string>,
): number {
  let daemon = 0;
  for (const group of daemonGroups) daemon += instance.taskGroups[group] ?? 0;
  return Math.max(0, instance.runningTasksCount + instance.pendingTasksCount - daemon);
}
