import type { UpdateServiceRequest } from '@aws-sdk/client-ecs';
import { clientError, invalidParameter } from '../../domain/errors.js';
import type { ServiceRecord } from '../../domain/service.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { requireTaskDefinition } from '../task-definitions/resolve-task-definition.js';
import { checkStrategy } from '../capacity-providers/strategy.js';
import { checkPlacementInput } from '../tasks/placement-request.js';
import { checkDaemonInput } from './daemon-rules.js';
import { deploymentConfiguration } from './deployment-configuration.js';
import { checkLoadBalancers, loadBalancersChanged } from './load-balancer-config.js';
import { newDeployment } from './new-deployment.js';
import { reviseService, withDesiredCount } from './revise-service.js';
import { serviceView, type ServiceView } from './service-view.js';
import { checkRunnable } from '../../domain/task-definition-runtime.js';

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
  if (td) checkRunnable(td);
  const updated = await reviseService(ctx, cluster.clusterName, input.service!, async (record) => {
    if (record.schedulingStrategy === 'DAEMON') checkDaemonInput(input);
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
    // New load balancers, or a new task definition behind the current ones: checked against the task definition that will run.
    const loadBalancers =
      input.loadBalancers || (newTaskDefinition && record.loadBalancers.length)
        ? await checkLoadBalancers(
            ctx,
            input.loadBalancers ?? record.loadBalancers,
            td ?? (await requireTaskDefinition(ctx, record.taskDefinition)),
          )
        : record.loadBalancers;
    // As in ECS, changing the load balancers rolls out a new deployment.
    const lbChanged = loadBalancersChanged(loadBalancers, record.loadBalancers);
    const redeploy =
      newTaskDefinition !== undefined || input.forceNewDeployment === true || placementChanged || lbChanged || strategyChanged;
    const taskDefinition = newTaskDefinition ?? record.taskDefinition;
    const now = ctx.clock.now();
    const { capacityProviderStrategy: _previous, ...rest } = record;
    const next: ServiceRecord = {
      ...(redeploy ? rest : withDesiredCount(rest, desiredCount, now)),
      ...(strategy ? { capacityProviderStrategy: strategy } : {}),
      desiredCount,
      taskDefinition,
      deploymentConfiguration: deploymentConfiguration(input.deploymentConfiguration, record.deploymentConfiguration),
      placementConstraints: input.placementConstraints ?? record.placementConstraints,
      placementStrategy: input.placementStrategy ?? record.placementStrategy,
      ...(input.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds } : {}),
      loadBalancers,
      ...(input.propagateTags ? { propagateTags: input.propagateTags } : {}),
      ...(input.enableECSManagedTags !== undefined ? { enableECSManagedTags: input.enableECSManagedTags } : {}),
      ...(redeploy
        ? {
            deployments: [
              newDeployment(ctx, taskDefinition, desiredCount, strategy),
              ...record.deployments.map((d) => ({ ...d, status: 'ACTIVE' as const, updatedAt: now / 1000 })),
            ],
          }
        : {}),
    };
    return { next };
  });
  return { service: serviceView(updated!) };
}
