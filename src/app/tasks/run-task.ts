import type { RunTaskRequest, RunTaskResponse } from '@aws-sdk/client-ecs';
import { clientError, EcsError, invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import type { TokenFailure, TokenOutcome } from '../../ports/idempotency-store.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { requestFingerprint } from '../ids.js';
import { requireTaskDefinition } from '../task-definitions/resolve-task-definition.js';
import { newTask } from './new-task.js';
import { placeAndCommit } from './place-and-commit.js';
import { checkPlacementInput, placementRequest } from './placement-request.js';
import { taskView } from './task-view.js';

const CLIENT_TOKEN_TTL_SECONDS = 24 * 3600;
const RUN_TASK_SCOPE = 'RunTask';

export async function runTask(input: RunTaskRequest, ctx: AppContext): Promise<Wire<RunTaskResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const count = input.count ?? 1;
  if (count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
  if (input.launchType === 'FARGATE')
    throw invalidParameter('Berth runs tasks on container instances: launchType FARGATE is not supported; use EC2 or EXTERNAL.');
  checkTags(input.tags ?? []);
  checkPlacementInput(input.placementConstraints, input.placementStrategy);
  const td = await requireTaskDefinition(ctx, input.taskDefinition!);
  if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  if (input.group !== undefined && input.group.length > 255) throw invalidParameter('group must be at most 255 characters.');
  if (input.startedBy !== undefined && input.startedBy.length > 128) throw invalidParameter('startedBy must be at most 128 characters.');

  const token = input.clientToken;
  const fingerprint = requestFingerprint(input);
  if (token) {
    const existing = await ctx.idempotency.claim(
      RUN_TASK_SCOPE,
      token,
      fingerprint,
      Math.floor(ctx.clock.now() / 1000) + CLIENT_TOKEN_TTL_SECONDS,
    );
    if (existing && existing.fingerprint !== fingerprint) {
      throw new EcsError('ConflictException', 'The clientToken was already used with different parameters.');
    }
    if (existing?.done) return answer(ctx, cluster.clusterName, existing);
    // Not done: the first call is still running, or died before it placed anything (tasks and the
    // outcome are written together). Run the call here too: only one of them can record an outcome.
  }
  try {
    const registered = (await ctx.instances.listAll(cluster.clusterName)).filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING');
    if (registered.length === 0) throw invalidParameter('No Container Instances were found in your cluster.');
    const group = input.group ?? `family:${td.family}`;
    const request = placementRequest({
      td,
      overrides: input.overrides,
      count,
      group,
      constraints: input.placementConstraints,
      strategy: input.placementStrategy,
    });
    const outcome = await placeAndCommit(ctx, {
      cluster: cluster.clusterName,
      request,
      // ECS RunTask places randomly unless told otherwise.
      defaultStrategy: [{ type: 'random' }],
      makeTask: (placement) =>
        newTask(ctx, {
          td,
          clusterName: cluster.clusterName,
          clusterArn: cluster.clusterArn,
          placement,
          request,
          overrides: input.overrides,
          group,
          startedBy: input.startedBy,
          tags: input.tags,
          clientToken: token,
        }),
      ...(token && {
        token: { scope: RUN_TASK_SCOPE, token, fingerprint, expiresAt: Math.floor(ctx.clock.now() / 1000) + CLIENT_TOKEN_TTL_SECONDS },
      }),
    });
    if (outcome.tokenDone) return answer(ctx, cluster.clusterName, (await ctx.idempotency.get(RUN_TASK_SCOPE, token!))!);
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

const failureView = (f: TokenFailure) => ({ arn: f.arn, reason: f.reason, ...(f.detail ? { detail: f.detail } : {}) });

/** The recorded outcome of a clientToken's call, as RunTask answers it: the same tasks every time. */
async function answer(ctx: AppContext, cluster: string, outcome: TokenOutcome): Promise<Wire<RunTaskResponse>> {
  const found = await ctx.tasks.getMany(cluster, outcome.result);
  return {
    tasks: outcome.result.filter((id) => found.has(id)).map((id) => taskView(found.get(id)!, ['TAGS'])),
    failures: outcome.failures.map(failureView),
  };
}
