/**
 * A capacity provider's group as managed scaling sees it: the group's live
 * instances, each matched to its container instance (busy = it runs or is
 * starting a task other than a daemon's, or a protected one: scale-in-shield.ts; warming = launched within instanceWarmupPeriod or not
 * registered with ECS yet), and CapacityProviderReservation from them and
 * the tasks waiting in PROVISIONING. Shared by the per-period pass (metric,
 * protection) and scale-cluster (decisions), so both see the same numbers.
 */
import type { CapacityProviderRecord } from '../../domain/capacity-provider.js';
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { TaskRecord } from '../../domain/task.js';
import type { ScalingGroup } from '../../ports/auto-scaling.js';
import { capacityProviderReservation, type Reservation, type TaskSize } from '../../scheduler/capacity/reservation.js';
import type { GroupInstance } from '../../scheduler/capacity/scale-decision.js';
import { TAG_INSTANCE_CPU, TAG_INSTANCE_MEMORY } from './provider-capacities.js';

/** Auto Scaling lifecycle states of an instance that is, or is becoming, part of the group's capacity. */
const LIVE = /^(Pending|InService)/;

export interface ProviderState {
  provider: CapacityProviderRecord;
  group: ScalingGroup;
  instances: GroupInstance[];
  reservation: Reservation;
}

export function providerState(args: {
  provider: CapacityProviderRecord;
  group: ScalingGroup;
  /** The cluster's container instances. */
  containerInstances: readonly ContainerInstanceRecord[];
  /** The cluster's tasks waiting in PROVISIONING. */
  waiting: readonly TaskRecord[];
  /** Container instances scale-in must keep (scale-in-shield.ts): busy ones. */
  kept: ReadonlySet<string>;
  now: number;
}): ProviderState {
  const { provider, group, now } = args;
  const byEc2 = new Map(
    args.containerInstances.filter((c) => c.ec2InstanceId && c.status !== 'INACTIVE').map((c) => [c.ec2InstanceId!, c]),
  );
  const warmupMs = provider.managedScaling.instanceWarmupPeriod * 1000;
  const matched: ContainerInstanceRecord[] = [];
  const instances: GroupInstance[] = group.instances
    .filter((i) => LIVE.test(i.lifecycleState))
    .map((i) => {
      const ci = byEc2.get(i.instanceId);
      if (ci) matched.push(ci);
      return {
        instanceId: i.instanceId,
        zone: i.zone,
        busy: ci !== undefined && args.kept.has(ci.id),
        warming: !ci || i.lifecycleState.startsWith('Pending') || now - ci.registeredAt < warmupMs,
        protectedFromScaleIn: i.protectedFromScaleIn,
        inService: i.lifecycleState === 'InService',
        registeredAt: ci?.registeredAt ?? now,
      };
    });
  const provisioning: TaskSize[] = args.waiting
    .filter((t) => t.capacityProviderName === provider.name && t.lastStatus === 'PROVISIONING')
    .map((t) => ({ cpu: Number(t.cpu ?? 0), memory: Number(t.memory ?? 0) }));
  const reservation = capacityProviderReservation({
    groupInstances: instances.length,
    busyInstances: instances.filter((i) => i.busy).length,
    warmingInstances: instances.filter((i) => i.warming && !i.busy).length,
    provisioning,
    ...(instanceSize(matched, group) ? { instance: instanceSize(matched, group) } : {}),
    minimumScalingStepSize: provider.managedScaling.minimumScalingStepSize,
    maximumScalingStepSize: provider.managedScaling.maximumScalingStepSize,
  });
  return { provider, group, instances, reservation };
}

/** One instance's size: its registered resources, else the group's berth:instance-* tags, else unknown. */
function instanceSize(matched: readonly ContainerInstanceRecord[], group: ScalingGroup): TaskSize | undefined {
  if (matched.length) {
    return { cpu: Math.max(...matched.map((c) => c.registeredCpu)), memory: Math.max(...matched.map((c) => c.registeredMemory)) };
  }
  const cpu = Number(group.tags[TAG_INSTANCE_CPU]);
  const memory = Number(group.tags[TAG_INSTANCE_MEMORY]);
  return cpu > 0 && memory > 0 ? { cpu, memory } : undefined;
}
