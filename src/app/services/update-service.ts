import type { UpdateServiceRequest } from '@aws-sdk/client-ecs';
import { clientError, invalidParameter, serviceNotActive } from '../../domain/errors.js';
import type { ServiceRecord } from '../../domain/service.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { requireTaskDefinition } from '../task-definitions/resolve-task-definition.js';
import { checkStrategy } from '../capacity-providers/strategy.js';
import { checkPlacementInput } from '../tasks/placement-request.js';
import { deploymentConfiguration } from './deployment-configuration.js';
import { newDeployment } from './new-deployment.js';
import { requireService } from './resolve-service.js';
import { serviceView, type ServiceView } from './service-view.js';

const MAX_ATTEMPTS = 25;

/**
 * desiredCount changes the target of the current deployment; a new task
 * definition, new placement or forceNewDeployment starts a new PRIMARY
 * deployment that the reconciler rolls out within min/max percent.
 */
export async function updateService(input: UpdateServiceRequest, ctx: AppContext): Promise<{ service: ServiceView }> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.desiredCount !== undefined && input.desiredCount < 0) throw invalidParameter('desiredCount must not be negative.');
  checkPlacementInput(input.placementConstraints, input.placementStrategy);
  const td = input.taskDefinition ? await requireTaskDefinition(ctx, input.taskDefinition) : undefined;
  if (td && td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { record, version } = await requireService(ctx, cluster.clusterName, input.service!);
    if (record.status !== 'ACTIVE') throw serviceNotActive();
    const desiredCount = input.desiredCount ?? record.desiredCount;
    const placementChanged = input.placementConstraints !== undefined || input.placementStrategy !== undefined;
    // An empty list returns the service to the EC2 launch type; a different strategy starts a deployment.
    const strategy =
      input.capacityProviderStrategy === undefined
        ? record.capacityProviderStrategy
        : input.capacityProviderStrategy.length
          ? checkStrategy(input.capacityProviderStrategy, cluster.capacityProviders)
          : undefined;
    const strategyChanged = JSON.stringify(strategy ?? []) !== JSON.stringify(record.capacityProviderStrategy ?? []);
    const newTaskDefinition = td && td.taskDefinitionArn !== record.taskDefinition ? td.taskDefinitionArn : undefined;
    const redeploy = newTaskDefinition !== undefined || input.forceNewDeployment === true || placementChanged || strategyChanged;
    const taskDefinition = newTaskDefinition ?? record.taskDefinition;
    const now = ctx.clock.now();
    const { capacityProviderStrategy: _previous, ...rest } = record;
    const next: ServiceRecord = {
      ...rest,
      ...(strategy ? { capacityProviderStrategy: strategy } : {}),
      desiredCount,
      taskDefinition,
      deploymentConfiguration: deploymentConfiguration(input.deploymentConfiguration, record.deploymentConfiguration),
      placementConstraints: input.placementConstraints ?? record.placementConstraints,
      placementStrategy: input.placementStrategy ?? record.placementStrategy,
      ...(input.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds } : {}),
      ...(input.loadBalancers ? { loadBalancers: input.loadBalancers } : {}),
      ...(input.propagateTags ? { propagateTags: input.propagateTags } : {}),
      ...(input.enableECSManagedTags !== undefined ? { enableECSManagedTags: input.enableECSManagedTags } : {}),
      deployments: redeploy
        ? [
            newDeployment(ctx, taskDefinition, desiredCount, strategy),
            ...record.deployments.map((d) => ({ ...d, status: 'ACTIVE' as const, updatedAt: now / 1000 })),
          ]
        : record.deployments.map((d) => (d.status === 'PRIMARY' ? { ...d, desiredCount, updatedAt: now / 1000 } : d)),
    };
    if (await ctx.services.put(next, version)) {
      await ctx.services.markDirty(cluster.clusterName, record.serviceName, now);
      ctx.reconcile.request(cluster.clusterName);
      return { service: serviceView(next) };
    }
  }
  throw new Error(`UpdateService ${input.service}: too many concurrent changes`);
}
