import type { DeploymentRecord } from '../../domain/service.js';
import type { AppContext } from '../context.js';

/** ECS deployment ids look like `ecs-svc/1234567890123456789`. */
export function newDeployment(ctx: AppContext, taskDefinition: string, desiredCount: number): DeploymentRecord {
  const digits = BigInt(`0x${ctx.ids.uuid().replace(/-/g, '').slice(0, 15)}`).toString().padStart(19, '0').slice(-19);
  const id = `ecs-svc/${digits}`;
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
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
  };
}
