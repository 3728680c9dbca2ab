/**
 * Which capacity provider a container instance belongs to: the provider of
 * the cluster whose Auto Scaling group lists the instance's EC2 instance id
 * (ECS's containerInstance.capacityProviderName). Matched at registration,
 * and again by the managed-scaling pass for instances that registered before
 * their provider joined the cluster.
 */
import type { CapacityProviderRecord } from '../../domain/capacity-provider.js';
import type { ScalingGroup } from '../../ports/auto-scaling.js';
import type { AppContext } from '../context.js';

export function providerOfInstance(
  ec2InstanceId: string,
  providers: readonly CapacityProviderRecord[],
  groups: readonly ScalingGroup[],
): string | undefined {
  const group = groups.find((g) => g.instances.some((i) => i.instanceId === ec2InstanceId));
  return group && providers.find((p) => p.autoScalingGroupName === group.name)?.name;
}

/** At registration: the provider, if the cluster has providers and Auto Scaling answers (else the pass matches it later). */
export async function matchAtRegistration(
  ctx: AppContext,
  providerNames: readonly string[],
  ec2InstanceId: string,
): Promise<string | undefined> {
  if (!providerNames.length) return undefined;
  const providers = [...(await ctx.capacityProviders.getMany(providerNames)).values()].filter((p) => p.status === 'ACTIVE');
  const groups = await ctx.scalingGroups.describe(providers.map((p) => p.autoScalingGroupName)).catch(() => []);
  return providerOfInstance(ec2InstanceId, providers, groups);
}
