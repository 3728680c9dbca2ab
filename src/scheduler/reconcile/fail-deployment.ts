/**
 * Failing the PRIMARY deployment, whoever detects it (the circuit breaker, a
 * deployment alarm): FAILED with the detector's reason, and with rollback a
 * new PRIMARY on the last COMPLETED deployment's task definition.
 */
import type { DeploymentRecord } from '../../domain/service.js';
import { rollbackDeployment } from './deployments.js';
import { messages } from './events.js';
import { lastCompleted, rollbackTarget } from './failures.js';
import type { TaskDefinitions } from './types.js';

export interface FailureOutcome {
  /** PRIMARY first. */
  deployments: DeploymentRecord[];
  /** Event messages, oldest first. */
  messages: string[];
}

/** Records on an IN_PROGRESS PRIMARY where it would roll back to (the newest COMPLETED deployment, while still listed). */
export function withRollbackTarget(deployments: readonly DeploymentRecord[]): DeploymentRecord[] {
  const out = [...deployments];
  const primary = out[0]!;
  if (primary.rolloutState === 'IN_PROGRESS' && primary.rollbackTo === undefined) {
    const target = lastCompleted(out.slice(1));
    if (target) out[0] = { ...primary, rollbackTo: target };
  }
  return out;
}

export function failPrimary(args: {
  serviceName: string;
  /** PRIMARY first; the PRIMARY is the deployment that failed. */
  deployments: readonly DeploymentRecord[];
  /** The PRIMARY as failed: rolloutState FAILED, the detector's reason and bookkeeping. */
  failed: DeploymentRecord;
  /** The event saying why it failed. */
  failedMessage: string;
  rollback: boolean;
  /** rolloutStateReason of the rollback deployment, given the deployment it returns to. */
  rollbackReason: (targetId: string) => string;
  desiredCount: number;
  taskDefinitions: TaskDefinitions;
  newDeploymentId: () => string;
  /** Epoch seconds. */
  now: number;
}): FailureOutcome {
  const { failed } = args;
  const others = args.deployments.slice(1);
  const out = [args.failedMessage];
  const target = args.rollback ? rollbackTarget(failed, others) : undefined;
  if (!target || !args.taskDefinitions[target.taskDefinition]) return { deployments: [failed, ...others], messages: out };
  const rollback = rollbackDeployment({
    id: args.newDeploymentId(),
    failed,
    target,
    reason: args.rollbackReason(target.id),
    desiredCount: args.desiredCount,
    now: args.now,
  });
  out.push(messages.rollingBack(args.serviceName, target.id));
  return { deployments: [rollback, { ...failed, status: 'ACTIVE' }, ...others], messages: out };
}
