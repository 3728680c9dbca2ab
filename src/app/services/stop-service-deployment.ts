import type { StopServiceDeploymentResponse } from '@aws-sdk/client-ecs';
import { EcsError, invalidParameter } from '../../domain/errors.js';
import type { DeploymentRecord, ServiceRecord } from '../../domain/service.js';
import { parseHistoryArn, ROLLING_BACK, STOPPABLE } from '../../domain/service-deployment.js';
import type { Wire } from '../../domain/wire.js';
import { rollbackDeployment } from '../../scheduler/reconcile/deployments.js';
import { appendEvents, messages } from '../../scheduler/reconcile/events.js';
import { lastCompleted } from '../../scheduler/reconcile/failures.js';
import type { AppContext } from '../context.js';
import { deploymentId } from '../ids.js';
import { reviseService } from './revise-service.js';

export const stopReasons = {
  rollbackRequested: (to: string) => `Rollback requested by StopServiceDeployment: rolling back to deploymentId ${to}.`,
  stopped: (id: string) => `ECS deployment ${id} stopped: rollback requested by StopServiceDeployment.`,
};

const notFound = () =>
  new EcsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist. Use ListServiceDeployments to find its ARN.');
const conflict = (message: string) => new EcsError('ConflictException', message);

/**
 * StopServiceDeployment with stopType ROLLBACK (the only stop type ECS takes;
 * member-support refuses ABORT): an IN_PROGRESS or PENDING deployment is
 * failed and a rollback deployment returns the service to the last deployment
 * that completed — the circuit breaker's own rollback, asked for by a user.
 * One already rolling back continues (no change); a finished one is a
 * ConflictException. The history moves ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS
 * → ROLLBACK_SUCCESSFUL as the reconciler rolls it out.
 */
export async function stopServiceDeployment(
  input: { serviceDeploymentArn: string; stopType?: string },
  ctx: AppContext,
): Promise<Wire<StopServiceDeploymentResponse>> {
  const arn = input.serviceDeploymentArn;
  const ref = parseHistoryArn(arn, 'service-deployment');
  if (!ref) throw invalidParameter(`Invalid service deployment ARN: ${arn.slice(0, 300)}`);
  if (ref.region !== ctx.arn.region || ref.accountId !== ctx.arn.accountId) throw notFound();
  const [stored] = await ctx.serviceHistory.getDeployments([ref]);
  if (!stored) throw notFound();
  if (ROLLING_BACK.has(stored.status)) return { serviceDeploymentArn: arn };
  if (!STOPPABLE.has(stored.status)) throw finished(stored.status);

  await reviseService(ctx, ref.cluster, ref.service, (record) => {
    const d = record.deployments.find((x) => x.id === ref.deploymentId);
    // Rolled back meanwhile (another stop, the circuit breaker): the rollback continues.
    if (record.deployments.some((x) => x.rollback?.of === ref.deploymentId)) return undefined;
    if (!d || d.status !== 'PRIMARY' || d.rolloutState !== 'IN_PROGRESS') throw finished(d ? 'finished' : 'STOPPED');
    return { next: rolledBack(ctx, record, d) };
  });
  return { serviceDeploymentArn: arn };
}

function finished(status: string) {
  return conflict(`The service deployment is ${status} and can no longer be stopped: only a PENDING or IN_PROGRESS deployment can.`);
}

function rolledBack(ctx: AppContext, record: ServiceRecord, d: DeploymentRecord): ServiceRecord {
  const others = record.deployments.filter((x) => x.id !== d.id);
  const target = d.rollbackTo ?? lastCompleted(others);
  if (!target) {
    throw conflict(
      `The service deployment has no earlier successful service revision to roll back to (${d.id} is the first deployment of the service).`,
    );
  }
  const now = ctx.clock.now() / 1000;
  const failed: DeploymentRecord = {
    ...d,
    status: 'ACTIVE',
    rolloutState: 'FAILED',
    rolloutStateReason: stopReasons.stopped(d.id),
    updatedAt: now,
  };
  const rollback = rollbackDeployment({
    id: deploymentId(ctx),
    failed: d,
    target,
    desiredCount: record.desiredCount,
    now,
    reason: stopReasons.rollbackRequested(target.id),
    requestedByUser: true,
  });
  return {
    ...record,
    taskDefinition: target.taskDefinition,
    deployments: [rollback, failed, ...others.map((o) => (o.status === 'PRIMARY' ? { ...o, status: 'ACTIVE' as const } : o))],
    events: appendEvents(record.events, [messages.rollingBack(record.serviceName, target.id)], now, ctx.ids.uuid),
  };
}
