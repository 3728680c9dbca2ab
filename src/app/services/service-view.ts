import type { Service } from '@aws-sdk/client-ecs';
import type { DeploymentRecord, ServiceRecord } from '../../domain/service.js';
import type { Wire } from '../../domain/wire.js';

const deploymentView = (d: DeploymentRecord) => ({
  id: d.id,
  status: d.status,
  taskDefinition: d.taskDefinition,
  desiredCount: d.desiredCount,
  pendingCount: d.pendingCount,
  runningCount: d.runningCount,
  failedTasks: d.failedTasks,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  // ECS shows a deployment's strategy, or its launch type when it has none.
  ...(d.capacityProviderStrategy?.length ? { capacityProviderStrategy: d.capacityProviderStrategy } : { launchType: d.launchType }),
  rolloutState: d.rolloutState,
  rolloutStateReason: d.rolloutStateReason,
});

/** The ECS Service as it travels (timestamps in epoch seconds). */
export type ServiceView = Omit<Wire<Omit<Service, 'deploymentConfiguration'>>, never> & {
  deploymentConfiguration?: Service['deploymentConfiguration'];
};

/** The ECS Service shape; tags only when asked for. */
export function serviceView(s: ServiceRecord, include: readonly string[] = []): ServiceView {
  return {
    serviceArn: s.serviceArn,
    serviceName: s.serviceName,
    clusterArn: s.clusterArn,
    loadBalancers: s.loadBalancers,
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: s.runningCount,
    pendingCount: s.pendingCount,
    ...(s.capacityProviderStrategy?.length ? { capacityProviderStrategy: s.capacityProviderStrategy } : { launchType: s.launchType }),
    taskDefinition: s.taskDefinition,
    deploymentConfiguration: s.deploymentConfiguration,
    deployments: s.deployments.map(deploymentView),
    events: s.events.map((e) => ({ id: e.id, createdAt: e.createdAt, message: e.message })),
    createdAt: s.createdAt,
    placementConstraints: s.placementConstraints,
    placementStrategy: s.placementStrategy,
    ...(s.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds } : {}),
    schedulingStrategy: s.schedulingStrategy,
    deploymentController: { type: 'ECS' },
    createdBy: s.createdBy,
    enableECSManagedTags: s.enableECSManagedTags,
    propagateTags: s.propagateTags,
    enableExecuteCommand: false,
    ...(include.includes('TAGS') ? { tags: s.tags } : {}),
  };
}
