/**
 * Where a service's new tasks go: through the PRIMARY deployment's capacity
 * provider strategy when it has one (the strategy's split counts the tasks
 * each provider already runs for the deployment), else anywhere in the
 * cluster. Tasks that do not fit wait in PROVISIONING when their provider's
 * group can grow; only what can neither be placed nor wait is "unplaced".
 */
import type { DeploymentRecord } from '../../domain/service.js';
import type { ClosestMatch, PlacementInstance, PlacementRequest, PlacementStrategy } from '../placement/index.js';
import type { PlaceTask, ProvisionTask, ReconcileTask, ServiceReconcileInput } from '../reconcile/types.js';
import { reserveAll } from '../reconcile/reserve.js';
import { placeWithProviders } from './provider-placement.js';

export interface ServicePlacement {
  place: PlaceTask[];
  provision: ProvisionTask[];
  /** Tasks that could neither be placed nor wait, and why. */
  unplaced: number;
  closest?: ClosestMatch;
  instances: PlacementInstance[];
}

export function placeServiceTasks(args: {
  input: Pick<ServiceReconcileInput, 'instances' | 'lostInstanceIds' | 'capacityProviders' | 'provisioningRoom' | 'seed' | 'newTaskId'>;
  primary: DeploymentRecord;
  /** The deployment's live tasks (for the strategy's split). */
  primaryTasks: readonly ReconcileTask[];
  request: PlacementRequest;
  defaultStrategy: readonly PlacementStrategy[];
}): ServicePlacement {
  const { input, primary, request } = args;
  // A host whose agent is lost takes nothing new, even if it still answers now and then.
  const candidates = input.instances.map((i) =>
    input.lostInstanceIds.has(i.id) && i.agentConnected ? { ...i, agentConnected: false } : i,
  );
  const existing: Record<string, number> = {};
  for (const t of args.primaryTasks)
    if (t.capacityProviderName) existing[t.capacityProviderName] = (existing[t.capacityProviderName] ?? 0) + 1;
  const result = placeWithProviders({
    request,
    ...(primary.capacityProviderStrategy?.length ? { strategy: primary.capacityProviderStrategy } : {}),
    existing,
    instances: candidates,
    providers: input.capacityProviders ?? {},
    provisioningRoom: input.provisioningRoom ?? 0,
    seed: input.seed,
    defaultStrategy: args.defaultStrategy,
  });
  const common = { deploymentId: primary.id, taskDefinition: primary.taskDefinition, group: request.group };
  return {
    place: result.placed.map((p) => ({
      ...common,
      taskId: input.newTaskId(),
      placement: p.placement,
      ...(p.capacityProvider ? { capacityProvider: p.capacityProvider } : {}),
    })),
    provision: result.provision.map((p) => ({ ...common, taskId: input.newTaskId(), capacityProvider: p.capacityProvider })),
    unplaced: result.failures.length,
    ...(result.closest ? { closest: result.closest } : {}),
    // Reserved on the instances as given (a lost host's copy only hid it from this placement).
    instances: reserveAll(
      input.instances,
      request,
      result.placed.map((p) => p.placement),
    ),
  };
}
