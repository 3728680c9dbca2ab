/**
 * Placement through a capacity provider strategy: the tasks are split among
 * the strategy's providers (base, then weight), each share is placed on that
 * provider's instances only, and what does not fit waits in PROVISIONING when
 * the provider's group can grow to host it (managed scaling on), as ECS does.
 * Without a strategy (the EC2 launch type) every instance is a candidate and
 * nothing waits. Pure: the same input and seed give the same decision.
 */
import {
  placeTasks,
  type ClosestMatch,
  type Placement,
  type PlacementFailure,
  type PlacementInstance,
  type PlacementRequest,
  type PlacementStrategy,
} from '../placement/index.js';
import { deriveSeed } from '../reconcile/random.js';
import { reserveAll } from '../reconcile/reserve.js';
import { splitByStrategy, type SplitItem } from './strategy-split.js';

/** ECS's RunTask failure and service event reason when a provider has no usable instance. */
export const NO_PROVIDER_INSTANCES = 'No Container Instances were found in your capacity provider.';

export interface ProviderCapacity {
  /** Managed scaling is on: a task that does not fit may wait for the group to grow. */
  canGrow: boolean;
  /** The largest CPU / memory one of its instances offers, when known (a task larger than that never fits). */
  instanceCpu?: number;
  instanceMemory?: number;
}

export interface ProviderPlacementInput {
  request: PlacementRequest;
  /** Undefined: the EC2 launch type. */
  strategy?: readonly SplitItem[];
  /** Tasks each provider already has (a service's); empty for RunTask. */
  existing?: Readonly<Record<string, number>>;
  instances: readonly PlacementInstance[];
  providers: Readonly<Record<string, ProviderCapacity>>;
  /** How many more tasks may wait in PROVISIONING in the cluster (ECS: 100 at most). */
  provisioningRoom: number;
  seed: number;
  defaultStrategy: readonly PlacementStrategy[];
}

export interface ProviderPlacement {
  placement: Placement;
  capacityProvider?: string;
}

export interface ProviderPlacementResult {
  placed: ProviderPlacement[];
  /** Tasks to create in PROVISIONING, one per entry. */
  provision: { capacityProvider: string }[];
  failures: PlacementFailure[];
  /** Why the best instance was rejected, when some task was neither placed nor provisioned. */
  closest?: ClosestMatch;
  /** The instances with every placement reserved. */
  instances: PlacementInstance[];
}

export function placeWithProviders(input: ProviderPlacementInput): ProviderPlacementResult {
  const { request } = input;
  if (!input.strategy) {
    const result = placeTasks(request, input.instances, { seed: input.seed, defaultStrategy: input.defaultStrategy });
    return {
      placed: result.placements.map((placement) => ({ placement })),
      provision: [],
      failures: result.failures,
      ...(result.closest ? { closest: result.closest } : {}),
      instances: reserveAll(input.instances, request, result.placements),
    };
  }
  const shares = splitByStrategy(input.strategy, input.existing ?? {}, request.count);
  let instances = [...input.instances];
  let room = input.provisioningRoom;
  const out: ProviderPlacementResult = { placed: [], provision: [], failures: [], instances };
  input.strategy.forEach((item, i) => {
    const share = shares[i]!;
    if (share === 0) return;
    const provider = item.capacityProvider;
    const candidates = instances.filter((x) => x.capacityProviderName === provider);
    const result = placeTasks({ ...request, count: share }, candidates, {
      seed: deriveSeed(input.seed, i),
      defaultStrategy: input.defaultStrategy,
    });
    out.placed.push(...result.placements.map((placement) => ({ placement, capacityProvider: provider })));
    instances = reserveAll(instances, request, result.placements);
    const left = share - result.placements.length;
    if (left === 0) return;
    const capacity = input.providers[provider];
    const waiting = capacity && couldHost(request, capacity) ? Math.min(left, Math.max(0, room)) : 0;
    room -= waiting;
    for (let n = 0; n < waiting; n++) out.provision.push({ capacityProvider: provider });
    const failed = left - waiting;
    if (failed === 0) return;
    const closest: ClosestMatch = candidates.length
      ? result.closest!
      : { instanceId: '', instanceArn: '', reason: 'RESOURCE:CPU', message: NO_PROVIDER_INSTANCES };
    out.closest ??= closest;
    const failure = candidates.length ? result.failures[0]! : { arn: '', reason: 'RESOURCE:CPU', detail: NO_PROVIDER_INSTANCES };
    for (let n = 0; n < failed; n++) out.failures.push({ ...failure });
  });
  out.instances = instances;
  return out;
}

/** The provider's group can grow, and one of its instances is big enough for the task (when its size is known). */
export function couldHost(request: Pick<PlacementRequest, 'cpu' | 'memory'>, p: ProviderCapacity): boolean {
  if (!p.canGrow) return false;
  if (p.instanceCpu !== undefined && request.cpu > p.instanceCpu) return false;
  if (p.instanceMemory !== undefined && request.memory > p.instanceMemory) return false;
  return true;
}
