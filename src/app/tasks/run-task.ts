import type { RunTaskRequest, RunTaskResponse } from '@aws-sdk/client-ecs';
import { clientError, EcsError, invalidParameter } from '../../domain/errors.js';
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
import { checkPlacementInput, placementRequest } from './placement-request.js';
import { taskView } from './task-view.js';
import type { Placement } from '../../scheduler/placement/index.js';

const CLIENT_TOKEN_TTL_SECONDS = 24 * 3600;

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
  if (input.group !== undefined && input.group.length > 255) throw invalidParameter('group must be at most 255 characters.');
  if (input.startedBy !== undefined && input.startedBy.length > 128) throw invalidParameter('startedBy must be at most 128 characters.');

  if (input.clientToken) {
    const existing = await ctx.idempotency.claim(
      'RunTask',
      input.clientToken,
      requestFingerprint(input),
      Math.floor(ctx.clock.now() / 1000) + CLIENT_TOKEN_TTL_SECONDS,
    );
    if (existing) {
      if (existing.fingerprint !== requestFingerprint(input)) {
        throw new EcsError('ConflictException', 'The clientToken was already used with different parameters.');
      }
      const found = await ctx.tasks.getMany(cluster.clusterName, existing.result);
      return { tasks: existing.result.filter((id) => found.has(id)).map((id) => taskView(found.get(id)!, ['TAGS'])), failures: [] };
    }
  }
  try {
    const group = input.group ?? `family:${td.family}`;
    const request = placementRequest({
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
        clientToken: input.clientToken,
      });
    // ECS RunTask places randomly unless told otherwise.
    const defaultStrategy = [{ type: 'random' as const }];
    let outcome: PlaceOutcome;
    if ('strategy' in capacity) {
      outcome = await placeWithStrategy(ctx, {
        cluster: cluster.clusterName,
        request,
        strategy: capacity.strategy,
        defaultStrategy,
        makeTask: task,
      });
    } else {
      const registered = (await ctx.instances.listAll(cluster.clusterName)).filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING');
      if (registered.length === 0) throw invalidParameter('No Container Instances were found in your cluster.');
      outcome = await placeAndCommit(ctx, { cluster: cluster.clusterName, request, defaultStrategy, makeTask: (p) => task(p) });
    }
    if (input.clientToken)
      await ctx.idempotency.complete(
        'RunTask',
        input.clientToken,
        outcome.tasks.map((t) => t.taskId),
      );
    return {
      tasks: outcome.tasks.map((t) => taskView(t, ['TAGS'])),
      failures: outcome.failures.map((f) => ({ arn: f.arn, reason: f.reason, ...(f.detail ? { detail: f.detail } : {}) })),
    };
  } catch (err) {
    if (input.clientToken) await ctx.idempotency.release('RunTask', input.clientToken);
    throw err;
  }
}
