import type { UpdateCapacityProviderRequest, UpdateCapacityProviderResponse } from '@aws-sdk/client-ecs';
import { capacityProviderView } from '../../domain/capacity-provider.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { syncManagedScaling } from './managed-scaling-alarms.js';
import { checkTerminationProtection, providerNameParam, providerNotFound, providerSettings, settingsOf } from './resolve-provider.js';

/** Changes managed scaling, termination protection or draining; the alarm pair follows at once. */
export async function updateCapacityProvider(
  input: UpdateCapacityProviderRequest,
  ctx: AppContext,
): Promise<Wire<UpdateCapacityProviderResponse>> {
  if (input.managedInstancesProvider || input.cluster !== undefined) {
    throw invalidParameter(
      'Berth supports Auto Scaling group capacity providers only (autoScalingGroupProvider), not Amazon ECS Managed Instances.',
    );
  }
  const name = providerNameParam(input.name!);
  const given = input.autoScalingGroupProvider;
  if (!given) throw invalidParameter('autoScalingGroupProvider is required.');
  const current = await ctx.capacityProviders.get(name);
  if (!current || current.status !== 'ACTIVE') throw providerNotFound();
  const settings = providerSettings(given, settingsOf(current));
  if (settings.managedTerminationProtection === 'ENABLED' && current.managedTerminationProtection !== 'ENABLED') {
    const [group] = await ctx.scalingGroups.describe([current.autoScalingGroupName]);
    if (group) checkTerminationProtection(settings, group);
  }
  const updated = await ctx.capacityProviders.update(name, (r) => ({ ...r, ...settings, updateStatus: 'UPDATE_COMPLETE' }));
  if (!updated) throw providerNotFound();
  await syncManagedScaling(ctx, updated);
  return { capacityProvider: { ...capacityProviderView(updated), updateStatus: 'UPDATE_IN_PROGRESS' } };
}
