/**
 * What placement needs to know about a strategy's providers: can the group
 * grow (managed scaling on), and how big is one of its instances — from its
 * registered instances, else from the group's berth:instance-cpu /
 * berth:instance-memory tags (the local twin's sizes; on AWS, optional).
 */
import { scalesManaged } from '../../domain/capacity-provider.js';
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { ProviderCapacity } from '../../scheduler/capacity/provider-placement.js';
import type { AppContext } from '../context.js';

export const TAG_INSTANCE_CPU = 'berth:instance-cpu';
export const TAG_INSTANCE_MEMORY = 'berth:instance-memory';

export async function providerCapacities(
  ctx: AppContext,
  names: readonly string[],
  instances: readonly Pick<ContainerInstanceRecord, 'capacityProviderName' | 'registeredCpu' | 'registeredMemory' | 'status'>[],
): Promise<Record<string, ProviderCapacity>> {
  const records = await ctx.capacityProviders.getMany(names);
  const out: Record<string, ProviderCapacity> = {};
  const unsized: string[] = [];
  for (const name of names) {
    const r = records.get(name);
    if (!r || r.status !== 'ACTIVE') continue;
    const own = instances.filter((i) => i.capacityProviderName === name && i.status !== 'INACTIVE');
    out[name] = { canGrow: scalesManaged(r) };
    if (own.length) {
      out[name].instanceCpu = Math.max(...own.map((i) => i.registeredCpu));
      out[name].instanceMemory = Math.max(...own.map((i) => i.registeredMemory));
    } else unsized.push(name);
  }
  if (unsized.length) {
    // Nothing registered yet: the group's size tags, if it has them (Auto Scaling unreachable: size unknown).
    const groups = await ctx.scalingGroups.describe(unsized.map((n) => records.get(n)!.autoScalingGroupName)).catch(() => []);
    for (const name of unsized) {
      const tags = groups.find((g) => g.name === records.get(name)!.autoScalingGroupName)?.tags ?? {};
      const size = (key: string) => (/^\d+$/.test(tags[key] ?? '') ? Number(tags[key]) : undefined);
      const cpu = size(TAG_INSTANCE_CPU);
      const memory = size(TAG_INSTANCE_MEMORY);
      if (cpu !== undefined) out[name]!.instanceCpu = cpu;
      if (memory !== undefined) out[name]!.instanceMemory = memory;
    }
  }
  return out;
}
