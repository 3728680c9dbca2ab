/**
 * Each reconcile pass first looks after the cluster's tasks waiting in
 * PROVISIONING: those that waited past the provisioning timeout fail as ECS
 * fails them; the others get an instance of their capacity provider as soon
 * as one has room (oldest first), committed with the same conditional writes
 * as any placement. Costs one Query when nothing waits.
 */
import { MAX_PROVISIONING_TASKS_PER_CLUSTER } from '../../domain/capacity-provider.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import { requestStop } from '../../domain/task-transitions.js';
import { CommitConflict, type VersionedTask } from '../../ports/task-repository.js';
import { placeWaiting, waitedTooLong, type WaitingTask } from '../../scheduler/capacity/provisioning.js';
import { placementInstance } from '../container-instances/instance-view.js';
import type { AppContext } from '../context.js';
import { placedOn } from '../tasks/new-task.js';
import { portRequests } from '../tasks/placement-request.js';

/** ECS's reason when a task never got capacity. */
export const PROVISIONING_TIMEOUT_REASON =
  'Capacity is unavailable at this time. Please try again later or in a different availability zone';

export interface ProvisioningOutcome {
  placed: number;
  timedOut: number;
  /** Still waiting after this step. */
  waiting: number;
  /** How many more may wait (ECS: 100 per cluster). */
  room: number;
}

export async function placeProvisioningTasks(
  ctx: AppContext,
  cluster: string,
  now: number,
  seed: number,
  /** A task definition by ARN (resolved once per pass). */
  definition: (arn: string) => Promise<TaskDefinitionRecord | undefined>,
): Promise<ProvisioningOutcome> {
  const waiting = await ctx.tasks.provisioning(cluster);
  const outcome: ProvisioningOutcome = {
    placed: 0,
    timedOut: 0,
    waiting: waiting.length,
    room: MAX_PROVISIONING_TASKS_PER_CLUSTER - waiting.length,
  };
  if (!waiting.length) return outcome;
  const dirty = new Set<string>();
  const fresh: VersionedTask[] = [];
  for (const known of waiting) {
    if (!waitedTooLong(known.task.createdAt, now, ctx.settings.provisioningTimeoutMs)) {
      fresh.push(known);
      continue;
    }
    const result = await ctx.tasks.transition(
      cluster,
      known.task.taskId,
      (t) => requestStop(t, PROVISIONING_TIMEOUT_REASON, 'TaskFailedToStart', now),
      known,
    );
    if (result?.changed) {
      outcome.timedOut++;
      if (result.task.serviceName) dirty.add(result.task.serviceName);
    }
  }

  const requests = new Map<string, WaitingTask>();
  for (const { task } of fresh) {
    const td = await definition(task.taskDefinitionArn);
    if (!td || !task.capacityProviderName) continue;
    requests.set(task.taskId, {
      taskId: task.taskId,
      capacityProvider: task.capacityProviderName,
      request: {
        count: 1,
        cpu: Number(task.cpu),
        memory: Number(task.memory),
        ports: portRequests(td),
        group: task.group,
        constraints: task.waitingPlacement?.constraints ?? [],
        strategy: task.waitingPlacement?.strategy ?? [],
      },
    });
  }
  if (requests.size) {
    const instances = (await ctx.instances.listAll(cluster))
      .filter((r) => r.status !== 'INACTIVE')
      .map((r) => placementInstance(r, now, ctx.settings.agentTimeoutMs));
    for (const { taskId, placement } of placeWaiting([...requests.values()], instances, seed)) {
      const known = fresh.find((v) => v.task.taskId === taskId)!;
      const { request } = requests.get(taskId)!;
      const { waitingPlacement: _done, ...task } = known.task;
      const placed = { ...task, lastStatus: 'PENDING' as const, ...placedOn(placement, request, task.group) };
      try {
        await ctx.tasks.placeProvisioned([{ task: placed, version: known.version }]);
        outcome.placed++;
        if (placed.serviceName) dirty.add(placed.serviceName);
      } catch (err) {
        // Someone took the room (or stopped the task) first: the next pass decides again.
        if (!(err instanceof CommitConflict)) throw err;
      }
    }
  }
  for (const s of dirty) await ctx.services.markDirty(cluster, s, now);
  outcome.waiting = waiting.length - outcome.placed - outcome.timedOut;
  outcome.room = MAX_PROVISIONING_TASKS_PER_CLUSTER - outcome.waiting;
  return outcome;
}
