/** The deployment circuit breaker's move in a pass: fail the PRIMARY and maybe roll back. */
import type { DeploymentRecord } from '../../domain/service.js';
import type { DeploymentSettings } from './config.js';
import { messages, rolloutReasons } from './events.js';
import { failPrimary, withRollbackTarget, type FailureOutcome } from './fail-deployment.js';
import { breakerTrips } from './failures.js';
import type { TaskDefinitions } from './types.js';

export type BreakerOutcome = FailureOutcome;

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
  const deployments = withRollbackTarget(args.deployments);
  const primary = deployments[0]!;
  if (!breakerTrips(primary, args.settings, args.desiredCount)) return { deployments, messages: [] };
  return failPrimary({
    ...args,
    deployments,
    failed: { ...primary, rolloutState: 'FAILED', rolloutStateReason: rolloutReasons.breakerFailed },
    failedMessage: messages.deploymentFailed(args.serviceName, primary.id),
    rollback: args.settings.breaker.rollback,
    rollbackReason: rolloutReasons.rollingBack,
  });
}
