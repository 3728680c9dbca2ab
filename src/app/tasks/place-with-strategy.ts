import { MAX_PROVISIONING_TASKS_PER_CLUSTER, type StrategyItem } from '../../domain/capacity-provider.js';
import type { TaskRecord } from '../../domain/task.js';
import { placeWithProviders } from '../../scheduler/capacity/provider-placement.js';
import type { Placement, PlacementRequest, PlacementStrategy } from '../../scheduler/placement/index.js';
import { providerCapacities } from '../capacity/provider-capacities.js';
import { placementInstance } from '../container-instances/instance-view.js';
import type { AppContext } from '../context.js';
import { commitPlacement, type PlaceOutcome, type PlacementToken } from './place-and-commit.js';

/**
 * RunTask through a capacity provider strategy: decide on a fresh snapshot
 * (each provider's share on its own instances; what does not fit waits in
 * PROVISIONING if its group can grow), commit placed and provisioning tasks
 * together with conditional writes, and on conflict decide again.
 */
export async function placeWithStrategy(
  ctx: AppContext,
  args: {
    cluster: string;
    request: PlacementRequest;
    strategy: readonly StrategyItem[];
    defaultStrategy: readonly PlacementStrategy[];
    makeTask: (placement: Placement | undefined, capacityProvider: string) => TaskRecord;
    token?: PlacementToken;
  },
): Promise<PlaceOutcome> {
  let provisioning = 0;
  const outcome = await commitPlacement(ctx, {
    cluster: args.cluster,
    count: args.request.count,
    token: args.token,
    decide: async () => {
      const now = ctx.clock.now();
      const [records, waiting] = await Promise.all([ctx.instances.listAll(args.cluster), ctx.tasks.provisioning(args.cluster)]);
      const live = records.filter((r) => r.status !== 'INACTIVE');
      const providers = await providerCapacities(
        ctx,
        args.strategy.map((s) => s.capacityProvider),
        live,
      );
      const decision = placeWithProviders({
        request: args.request,
        strategy: args.strategy,
        instances: live.map((r) => placementInstance(r, now, ctx.settings.agentTimeoutMs)),
        providers,
        provisioningRoom: MAX_PROVISIONING_TASKS_PER_CLUSTER - waiting.length,
        seed: ctx.ids.seed(),
        defaultStrategy: args.defaultStrategy,
      });
      provisioning = decision.provision.length;
      const tasks = [
        ...decision.placed.map((p) => args.makeTask(p.placement, p.capacityProvider!)),
        ...decision.provision.map((p) => args.makeTask(undefined, p.capacityProvider)),
      ];
      return { tasks, failures: decision.failures };
    },
  });
  if (provisioning && outcome.tasks.length) ctx.reconcile.request(args.cluster);
  return outcome;
}
