/** The deployment circuit breaker's move in a pass: fail the PRIMARY and maybe roll back. */
import type { DeploymentRecord } from '../../domain/service.js';
import type { DeploymentSettings } from './config.js';
import { rollbackDeployment } from './deployments.js';
import { messages, rolloutReasons } from './events.js';
import { breakerTrips, lastCompleted, rollbackTarget } from './failures.js';
import type { TaskDefinitions } from './types.js';

export interface BreakerOutcome {
  /** PRIMARY first. */
  deployments: DeploymentRecord[];
  /** Event messages, oldest first. */
  messages: string[];
}

/**
 * Records on an IN_PROGRESS PRIMARY where it would roll back to (the newest
 * COMPLETED deployment, while it is still listed), then trips the breaker if
 * the PRIMARY failed too many tasks: FAILED, and with rollback a new PRIMARY
 * on the last COMPLETED deployment's task definition.
 */
export function applyCircuitBreaker(args: {
  serviceName: string;
  deployments: readonly DeploymentRecord[];
  settings: DeploymentSettings;
  desiredCount: number;
  taskDefinitions: TaskDefinitions;
  newDeploymentId: () => string;
  /** Epoch seconds. */
  now: number;
}): BreakerOutcome {
  const deployments = [...args.deployments];
  let primary = deployments[0]!;
  if (primary.rolloutState === 'IN_PROGRESS' && primary.rollbackTo === undefined) {
    const target = lastCompleted(deployments.slice(1));
    if (target) deployments[0] = primary = { ...primary, rollbackTo: target };
  }
  if (!breakerTrips(primary, args.settings, args.desiredCount)) return { deployments, messages: [] };

  const failed: DeploymentRecord = { ...primary, rolloutState: 'FAILED', rolloutStateReason: rolloutReasons.breakerFailed };
  const out = [messages.deploymentFailed(args.serviceName, failed.id)];
  const target = args.settings.breaker.rollback ? rollbackTarget(failed, deployments.slice(1)) : undefined;
  if (!target || !args.taskDefinitions[target.taskDefinition]) {
    deployments[0] = failed;
    return { deployments, messages: out };
  }
  const rollback = rollbackDeployment({ id: args.newDeploymentId(), failed, target, desiredCount: args.desiredCount, now: args.now });
  out.push(messages.rollingBack(args.serviceName, target.id));
  return { deployments: [rollback, { ...failed, status: 'ACTIVE' }, ...deployments.slice(1)], messages: out };
}
