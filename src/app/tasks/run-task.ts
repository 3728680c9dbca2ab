import type { RunTaskRequest, RunTaskResponse } from '@aws-sdk/client-ecs';
import { clientError, invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { requestFingerprint } from '../ids.js';
import { requireTaskDefinition } from '../task-definitions/resolve-task-definition.js';
import { newTask } from './new-task.js';
import { resolveCapacity } from '../capacity-providers/strategy.js';
import { placeAndCommit, type PlaceOutcome } from './place-and-commit.js';
import { placeWithStrategy } from './place-with-strategy.js';
import { checkPlacementInput, standalonePlacementRequest } from './placement-request.js';
import { answerOutcome, claimRunTaskToken, failureView, recordedOutcome, RUN_TASK_SCOPE, tokenExpiry } from './run-task-token.js';
import { taskView } from './task-view.js';
import { checkRunnable } from '../../domain/task-definition-runtime.js';
import type { Placement } from '../../scheduler/placement/index.js';

export async function runTask(input: RunTaskRequest, ctx: AppContext): Promise<Wire<RunTaskResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const count = input.count ?? 1;
  if (count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
  if (input.launchType === 'FARGATE')
    throw invalidParameter('Berth runs tasks on container instances: launchType FARGATE is not supported; use EC2 or EXTERNAL.');
  const capacity = resolveCapacity(cluster, input.launchType, input.capacityProviderStrategy);
  checkTags(input.tags ?? []);
  checkPlacementInput(input.placementConstraints, input.placementStrategy);
  const td = await requireTaskDefinition(ctx, input.taskDefinition!);
  if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  checkRunnable(td);
  if (input.group !== undefined && input.group.length > 255) throw invalidParameter('group must be at most 255 characters.');
  if (input.startedBy !== undefined && input.startedBy.length > 128) throw invalidParameter('startedBy must be at most 128 characters.');

  const token = input.clientToken;
  const fingerprint = requestFingerprint(input);
  if (token) {
    const recorded = await claimRunTaskToken(ctx, token, fingerprint);
    if (recorded) return answerOutcome(ctx, cluster.clusterName, recorded);
  }
  try {
    const group = input.group ?? `family:${td.family}`;
    const request = standalonePlacementRequest({
      td,
      overrides: input.overrides,
      count,
      group,
      constraints: input.placementConstraints,
      strategy: input.placementStrategy,
    });
    const task = (placement: Placement | undefined, capacityProviderName?: string) =>
      newTask(ctx, {
        td,
        clusterName: cluster.clusterName,
        clusterArn: cluster.clusterArn,
        placement,
        capacityProviderName,
        request,
        overrides: input.overrides,
        group,
        startedBy: input.startedBy,
        tags: input.tags,
        clientToken: token,
      });
    // ECS RunTask places randomly unless told otherwise.
    const defaultStrategy = [{ type: 'random' as const }];
    const placementToken = token ? { token: { scope: RUN_TASK_SCOPE, token, fingerprint, expiresAt: tokenExpiry(ctx) } } : {};
    let outcome: PlaceOutcome;
    if ('strategy' in capacity) {
      outcome = await placeWithStrategy(ctx, {
        cluster: cluster.clusterName,
        request,
        strategy: capacity.strategy,
        defaultStrategy,
        makeTask: task,
        ...placementToken,
      });
    } else {
      const registered = (await ctx.instances.listAll(cluster.clusterName)).filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING');
      if (registered.length === 0) throw invalidParameter('No Container Instances were found in your cluster.');
      outcome = await placeAndCommit(ctx, {
        cluster: cluster.clusterName,
        request,
        defaultStrategy,
        makeTask: (p) => task(p),
        ...placementToken,
      });
    }
    if (outcome.tokenDone) return answerOutcome(ctx, cluster.clusterName, await recordedOutcome(ctx, token!));
    return {
      tasks: outcome.tasks.map((t) => taskView(t, ['TAGS'])),
      failures: outcome.failures.map(failureView),
    };
  } catch (err) {
    // Nothing was placed (an outcome is never released): a retry may run the call afresh.
    if (token) await ctx.idempotency.release(RUN_TASK_SCOPE, token);
    throw err;
  }
}
