import type { StrategyItem } from '../../domain/capacity-provider.js';
import type { DeploymentRecord } from '../../domain/service.js';
import type { AppContext } from '../context.js';
import { deploymentId } from '../ids.js';

/** A new PRIMARY deployment, IN_PROGRESS until the reconciler completes it. */
export function newDeployment(
  ctx: AppContext,
  taskDefinition: string,
  desiredCount: number,
  capacityProviderStrategy?: readonly StrategyItem[],
): DeploymentRecord {
  const id = deploymentId(ctx);
  const now = ctx.clock.now() / 1000;
  return {
    id,
    status: 'PRIMARY',
    taskDefinition,
    desiredCount,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    launchType: 'EC2',
    ...(capacityProviderStrategy?.length ? { capacityProviderStrategy: [...capacityProviderStrategy] } : {}),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
  };
}
