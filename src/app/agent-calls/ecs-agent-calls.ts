import type {
  DiscoverPollEndpointRequest,
  DiscoverPollEndpointResponse,
  SubmitContainerStateChangeRequest,
  SubmitContainerStateChangeResponse,
  SubmitTaskStateChangeRequest,
  SubmitTaskStateChangeResponse,
} from '@aws-sdk/client-ecs';
import { denied } from '../../auth/auth-failure.js';
import type { Caller } from '../../domain/caller.js';
import { invalidParameter } from '../../domain/errors.js';
import { applyReport, type TaskStateReport } from '../../domain/task-transitions.js';
import type { TaskRecord } from '../../domain/task.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { taskIdParam } from '../tasks/resolve-task.js';

/** Where agents poll: the Berth agent endpoint (docs/agent-protocol.md). */
export async function discoverPollEndpoint(input: DiscoverPollEndpointRequest, ctx: AppContext): Promise<DiscoverPollEndpointResponse> {
  await requireActiveCluster(ctx, input.cluster);
  const endpoint = ctx.settings.agentEndpoint;
  return { endpoint, telemetryEndpoint: endpoint, serviceConnectEndpoint: endpoint };
}

const TASK_STATUS = new Set(['PENDING', 'RUNNING', 'STOPPED']);
const ms = (v: unknown) => (typeof v === 'number' ? v * 1000 : v instanceof Date ? v.getTime() : undefined);

/** ECS's own state-change call, for agents that speak ECS: the same forward-only transitions as a poll report. */
export async function submitTaskStateChange(
  input: SubmitTaskStateChangeRequest,
  ctx: AppContext,
  caller?: Caller,
): Promise<SubmitTaskStateChangeResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (!input.task || !input.status || !TASK_STATUS.has(input.status))
    throw invalidParameter('task and a status of PENDING, RUNNING or STOPPED are required.');
  const report: TaskStateReport = {
    status: input.status as TaskStateReport['status'],
    stoppedReason: input.reason,
    containers: (input.containers ?? []).map((c) => ({
      name: c.containerName!,
      runtimeId: c.runtimeId,
      status: (c.status as 'PENDING' | 'RUNNING' | 'STOPPED') ?? 'PENDING',
      exitCode: c.exitCode,
      reason: c.reason,
      networkBindings: c.networkBindings as never,
    })),
    pullStartedAt: ms(input.pullStartedAt),
    pullStoppedAt: ms(input.pullStoppedAt),
    stoppedAt: ms(input.executionStoppedAt),
  };
  await apply(
    ctx,
    cluster.clusterName,
    input.task,
    (t, now) => applyReport(t, report, now),
    ownTaskOf(caller, 'ecs:SubmitTaskStateChange'),
  );
  return { acknowledgment: 'ACK' };
}

export async function submitContainerStateChange(
  input: SubmitContainerStateChangeRequest,
  ctx: AppContext,
  caller?: Caller,
): Promise<SubmitContainerStateChangeResponse> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  if (!input.task || !input.containerName || !input.status || !TASK_STATUS.has(input.status)) {
    throw invalidParameter('task, containerName and a status of PENDING, RUNNING or STOPPED are required.');
  }
  const container = {
    name: input.containerName,
    runtimeId: input.runtimeId,
    status: input.status as 'PENDING' | 'RUNNING' | 'STOPPED',
    exitCode: input.exitCode,
    reason: input.reason,
    networkBindings: input.networkBindings as never,
  };
  // A container's change alone never moves the task; the task's own report does.
  await apply(
    ctx,
    cluster.clusterName,
    input.task,
    (t, now) => applyReport(t, { status: t.lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING', containers: [container] }, now),
    ownTaskOf(caller, 'ecs:SubmitContainerStateChange'),
  );
  return { acknowledgment: 'ACK' };
}

/**
 * A container instance signing with its own key reports only its own tasks:
 * checked on the task as read for the transition, so no extra read.
 */
function ownTaskOf(caller: Caller | undefined, action: string) {
  const self = caller?.containerInstance;
  return (t: TaskRecord, cluster: string) => {
    if (self && (self.cluster !== cluster || t.containerInstanceId !== self.id)) {
      throw denied(
        `User: ${caller!.arn} is not authorized to perform: ${action} on resource: ${t.taskArn} because the task does not run on this container instance`,
      );
    }
  };
}

async function apply(
  ctx: AppContext,
  cluster: string,
  task: string,
  change: (t: TaskRecord, now: number) => TaskRecord | undefined,
  check: (t: TaskRecord, cluster: string) => void,
) {
  const id = taskIdParam(task, cluster);
  if (!id) throw invalidParameter('The referenced task was not found.');
  const now = ctx.clock.now();
  const result = await ctx.tasks.transition(cluster, id, (t) => {
    check(t, cluster);
    return change(t, now);
  });
  if (!result) throw invalidParameter('The referenced task was not found.');
  if (result.changed && result.task.serviceName) {
    await ctx.services.markDirty(cluster, result.task.serviceName, now);
    ctx.reconcile.request(cluster);
  }
}
