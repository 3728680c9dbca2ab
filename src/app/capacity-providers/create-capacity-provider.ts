import type { CreateCapacityProviderRequest, CreateCapacityProviderResponse } from '@aws-sdk/client-ecs';
import { capacityProviderView, type CapacityProviderRecord } from '../../domain/capacity-provider.js';
import { clientError, invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import { scalingGroupName } from '../../ports/auto-scaling.js';
import { CapacityProviderExists } from '../../ports/capacity-provider-repository.js';
import type { AppContext } from '../context.js';
import { checkProviderName, checkTerminationProtection, providerArn, providerSettings } from './resolve-provider.js';

export async function createCapacityProvider(
  input: CreateCapacityProviderRequest,
  ctx: AppContext,
): Promise<Wire<CreateCapacityProviderResponse>> {
  const name = input.name!;
  checkProviderName(name);
  if (input.managedInstancesProvider || input.cluster !== undefined) {
    throw invalidParameter(
      'Berth supports Auto Scaling group capacity providers only (autoScalingGroupProvider), not Amazon ECS Managed Instances.',
    );
  }
  const asg = input.autoScalingGroupProvider;
  if (!asg) throw invalidParameter('autoScalingGroupProvider is required.');
  checkTags(input.tags ?? []);
  const settings = providerSettings(asg);
  const groupName = scalingGroupName(asg.autoScalingGroupArn!);
  const [group] = await ctx.scalingGroups.describe([groupName]);
  if (!group || (asg.autoScalingGroupArn !== groupName && group.arn !== asg.autoScalingGroupArn)) {
    throw clientError(
      `The specified Auto Scaling group ARN or name is not valid: no Auto Scaling group ${asg.autoScalingGroupArn} was found.`,
    );
  }
  checkTerminationProtection(settings, group);
  const record: CapacityProviderRecord = {
    name,
    arn: providerArn(ctx, name),
    status: 'ACTIVE',
    autoScalingGroupArn: group.arn,
    autoScalingGroupName: group.name,
    ...settings,
    tags: input.tags ?? [],
    alarmSuffix: ctx.ids.uuid(),
    createdAt: ctx.clock.now() / 1000,
  };
  try {
    await ctx.capacityProviders.create(record);
  } catch (err) {
    if (!(err instanceof CapacityProviderExists)) throw err;
    if (err.what === 'name') {
      throw clientError(
        'The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.',
      );
    }
    throw clientError(
      `The specified Auto Scaling group ARN is already being used by capacity provider ${err.owner ?? ''}. Specify a unique Auto Scaling group ARN and try again.`,
    );
  }
  return { capacityProvider: capacityProviderView(record, ['TAGS']) };
}
