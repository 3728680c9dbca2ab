import type { StartTaskRequest, StartTaskResponse } from '@aws-sdk/client-ecs';
import { clientError, invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import type { PlacementFailure } from '../../scheduler/placement/index.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import { instanceIdParam } from '../container-instances/resolve-instance.js';
import type { AppContext } from '../context.js';
import { requireTaskDefinition } from '../task-definitions/resolve-task-definition.js';
import { newTask } from './new-task.js';
import { placeAndCommit } from './place-and-commit.js';
import { standalonePlacementRequest } from './placement-request.js';
import { taskView } from './task-view.js';

/** One task on each named instance, if it fits there (no strategy, no constraints beyond the definition's). */
export async function startTask(input: StartTaskRequest, ctx: AppContext): Promise<Wire<StartTaskResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (input.containerInstances!.length < 1 || input.containerInstances!.length > 10)
    throw invalidParameter('containerInstances must name 1 to 10 instances.');
  checkTags(input.tags ?? []);
  const td = await requireTaskDefinition(ctx, input.taskDefinition!);
  if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  const group = input.group ?? `family:${td.family}`;
  const tasks = [];
  const failures: PlacementFailure[] = [];
  for (const value of input.containerInstances!) {
    const id = instanceIdParam(value, cluster.clusterName);
    if (!id) {
      failures.push({ arn: value, reason: 'MISSING' });
      continue;
    }
    const request = standalonePlacementRequest({ td, overrides: input.overrides, count: 1, group });
    const outcome = await placeAndCommit(ctx, {
      cluster: cluster.clusterName,
      request,
      defaultStrategy: [{ type: 'random' }],
      candidates: (i) => i.id === id,
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
        }),
    });
    tasks.push(...outcome.tasks);
    failures.push(...outcome.failures.map((f) => (f.reason === 'MISSING' ? { arn: value, reason: 'MISSING' } : f)));
  }
  return { tasks: tasks.map((t) => taskView(t, ['TAGS'])), failures };
}
