/**
 * Reconciles every service of a cluster in one pass, threading one working
 * copy of the instances through them so that no two services are handed the
 * same cpu, memory or host port (nor the same room in PROVISIONING).
 */
import type { ServiceRecord } from '../../domain/service.js';
import { deriveSeed } from './random.js';
import { planService } from './reconcile-service.js';
import type { ClusterPlan, ClusterReconcileInput, ServicePlan } from './types.js';

/**
 * Older services first (then by name): a stable order, so a pass is
 * reproducible from its seed, and the services that were there first keep
 * first claim on capacity.
 */
export function serviceOrder(services: readonly { service: ServiceRecord }[]): number[] {
  return services
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        a.entry.service.createdAt - b.entry.service.createdAt ||
        compare(a.entry.service.serviceName, b.entry.service.serviceName) ||
        compare(a.entry.service.serviceArn, b.entry.service.serviceArn) ||
        a.index - b.index,
    )
    .map(({ index }) => index);
}

export function reconcileCluster(input: ClusterReconcileInput): ClusterPlan {
  const { services, ...snapshot } = input;
  const plans = new Array<ServicePlan>(services.length);
  let instances = [...input.instances];
  // Room in PROVISIONING is shared too: what one service's tasks take, the next cannot.
  let provisioningRoom = input.provisioningRoom ?? 0;
  serviceOrder(services).forEach((index, position) => {
    const { service, tasks, alarms } = services[index]!;
    const result = planService({
      ...snapshot,
      instances,
      provisioningRoom,
      seed: deriveSeed(input.seed, position),
      service,
      tasks,
      ...(alarms && { alarms }),
    });
    plans[index] = result.plan;
    instances = result.instances;
    provisioningRoom -= result.plan.provision.length;
  });
  return { plans, instances };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
