/**
 * Once per metric period per cluster (with the cluster's other metrics, in
 * the same PutMetricData call): for each capacity provider of the cluster,
 * match container instances to the provider's group, keep managed
 * termination protection on (every InService instance of the group protected
 * from scale-in; only scale-cluster lifts it, from the idle instance it
 * terminates), and compute CapacityProviderReservation for the providers
 * with managed scaling. One DescribeAutoScalingGroups per cluster; a
 * protection call only for instances not protected yet.
 */
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { scalesManaged } from '../../domain/capacity-provider.js';
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import { CAPACITY_PROVIDER_RESERVATION, capacityProviderDimensions } from '../../domain/metrics/capacity-metrics.js';
import { instancesToProtect } from '../../scheduler/capacity/scale-decision.js';
import type { AppContext } from '../context.js';
import { providerOfInstance } from './match-instance.js';
import { providerState } from './provider-state.js';
import { instancesKeptFromScaleIn } from './scale-in-shield.js';

export async function capacityPass(
  ctx: AppContext,
  cluster: string,
  instances: readonly ContainerInstanceRecord[],
  at: { timestampMs: number; storageResolution: number },
): Promise<MetricDatum[]> {
  const record = await ctx.clusters.get(cluster);
  if (!record?.capacityProviders.length) return [];
  const providers = [...(await ctx.capacityProviders.getMany(record.capacityProviders)).values()].filter(
    (p) => p.status === 'ACTIVE' && p.cluster === cluster,
  );
  if (!providers.length) return [];
  const groups = await ctx.scalingGroups.describe(providers.map((p) => p.autoScalingGroupName));

  // Instances that registered before their provider joined the cluster (or before their group listed them).
  for (const ci of instances) {
    if (ci.capacityProviderName || !ci.ec2InstanceId || ci.status === 'INACTIVE') continue;
    const name = providerOfInstance(ci.ec2InstanceId, providers, groups);
    if (name) {
      await ctx.instances.setCapacityProvider(cluster, ci.id, name);
      ci.capacityProviderName = name;
    }
  }

  const managed = providers.filter(scalesManaged);
  const waiting = managed.length ? (await ctx.tasks.provisioning(cluster)).map((v) => v.task) : [];
  const now = ctx.clock.now();
  const kept = managed.length ? await instancesKeptFromScaleIn(ctx, cluster, instances, now) : new Set<string>();
  const data: MetricDatum[] = [];
  for (const provider of managed) {
    const group = groups.find((g) => g.name === provider.autoScalingGroupName);
    // A group deleted under its provider: no metric, so its alarms see missing data and do nothing.
    if (!group) continue;
    const state = providerState({ provider, group, containerInstances: instances, waiting, kept, now });
    data.push({
      MetricName: CAPACITY_PROVIDER_RESERVATION,
      Dimensions: capacityProviderDimensions(cluster, provider.name),
      Timestamp: new Date(at.timestampMs),
      Value: state.reservation.value,
      Unit: 'Percent',
      StorageResolution: at.storageResolution,
    });
    if (provider.managedTerminationProtection === 'ENABLED') {
      const protect = instancesToProtect(state.instances);
      if (protect.length) await ctx.scalingGroups.setInstanceProtection(group.name, protect, true);
    }
  }
  return data;
}
