import { EcsError } from '../../domain/errors.js';
import { countBucket } from '../../domain/task.js';
import { applyReport, markStopping } from '../../domain/task-transitions.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import { stopAssignment, type Assignment, type PollRequest, type PollResponse } from '../../protocol/index.js';
import { drained } from '../../domain/task-targets.js';
import type { UsageAccumulator } from '../metrics/usage-accumulator.js';
import { clusterNameParam } from '../clusters/resolve-cluster.js';
import { instanceIdParam } from '../container-instances/resolve-instance.js';
import type { AppContext } from '../context.js';
import { taskIdParam } from '../tasks/resolve-task.js';
import { buildTaskSpec } from './build-task-spec.js';

const invalidInstance = () =>
  new EcsError(
    'InvalidContainerInstanceException',
    'The container instance is not registered with this cluster (or was deregistered): register it again.',
  );

export interface AgentPollDeps {
  definitions: (family: string, revision: number) => Promise<TaskDefinitionRecord | undefined>;
  /** Instance key → when this process last wrote its heartbeat (see HEARTBEAT_EVERY). */
  heartbeats: Map<string, number>;
  /**
   * Instance key → tasks this process saw start there, still listed on the instance as not
   * started (instance-items.ts): the instance's next heartbeat write strikes them, at no extra
   * write. Lost with the process; the reconciler's pass strikes whatever is left.
   */
  started: Map<string, Set<string>>;
  /** Folds task usage per instance; writes at most once per instance per metric period. */
  usage: Pick<UsageAccumulator, 'add'>;
}

/**
 * A poll is a heartbeat, but writing one per poll would be most of an idle
 * cluster's writes: a process writes an instance's heartbeat at most every
 * quarter of the agent timeout (so a connected agent never looks stale).
 */
const heartbeatEvery = (timeoutMs: number) => Math.min(5000, timeoutMs / 4);

/** The Berth agent protocol (docs/agent-protocol.md): heartbeat + reports in, assignments out. `input` is parsed (parsePollRequest). */
export async function agentPoll(input: PollRequest, ctx: AppContext, deps: AgentPollDeps): Promise<PollResponse> {
  const cluster = clusterNameParam(input.cluster);
  const instanceId = instanceIdParam(input.containerInstanceArn, cluster);
  if (!instanceId) throw invalidInstance();
  const now = ctx.clock.now();
  const beatKey = `${cluster}/${instanceId}`;
  if (now - (deps.heartbeats.get(beatKey) ?? 0) >= heartbeatEvery(ctx.settings.agentTimeoutMs)) {
    if (!(await writeHeartbeat(ctx, deps, cluster, instanceId, now))) throw invalidInstance();
  }

  const live = new Map((await ctx.tasks.liveOnInstance(cluster, instanceId)).map((v) => [v.task.taskArn, v]));
  const acknowledged: string[] = [];
  const unknown: string[] = [];
  const dirtyServices = new Set<string>();

  for (const report of input.reports ?? []) {
    const id = taskIdParam(report.taskArn, cluster);
    const known = live.get(report.taskArn);
    const current = known?.task ?? (id ? await ctx.tasks.get(cluster, id) : undefined);
    if (!id || !current || current.containerInstanceId !== instanceId) {
      if (report.status !== 'STOPPED') unknown.push(report.taskArn);
      acknowledged.push(report.taskArn);
      continue;
    }
    const result = await ctx.tasks.transition(cluster, id, (t) => applyReport(t, report, now), known);
    if (result?.changed && countBucket(current.lastStatus) === 'pending' && countBucket(result.task.lastStatus) === 'running')
      rememberStarted(deps, beatKey, id);
    if (result?.task.lastStatus === 'STOPPED') {
      live.delete(report.taskArn);
      // Told to run nothing for it any more; a copy that still runs there is stale.
      if (report.status !== 'STOPPED') unknown.push(report.taskArn);
    } else if (result && known)
      live.set(report.taskArn, { task: result.task, version: result.changed ? known.version + 1 : known.version });
    // Even a report that changes nothing marks its service: it may be the agent's retry of one whose write landed
    // before a crash took the mark with it, and without the mark the change (a failed health check) waits for
    // the safety-net pass. Agents re-send only reports not yet acknowledged, so this costs nothing in the common case.
    if (result?.task.serviceName) dirtyServices.add(result.task.serviceName);
    acknowledged.push(report.taskArn);
  }

  if (input.usage?.length) await deps.usage.add(cluster, instanceId, input.usage, live, deps.definitions, now);

  const tasks: Assignment[] = [];
  for (const { task, version } of live.values()) {
    // Behind a load balancer, a task keeps running (and serving its in-flight requests) until its targets are drained.
    if (task.desiredStatus === 'STOPPED' && drained(task, now)) {
      // Handing the stop to the agent makes the task STOPPING: its CPU and memory are free from now on.
      const stopping = await ctx.tasks.transition(cluster, task.taskId, (t) => markStopping(t, now), { task, version });
      if (stopping?.changed && stopping.task.serviceName) dirtyServices.add(stopping.task.serviceName);
      tasks.push(stopAssignment(task.taskArn, task.stoppedReason, task.stopCode));
      continue;
    }
    const td = await deps.definitions(task.family, task.revision);
    if (!td) continue;
    tasks.push({ taskArn: task.taskArn, desiredStatus: 'RUNNING', spec: buildTaskSpec(task, td) });
  }

  for (const s of dirtyServices) await ctx.services.markDirty(cluster, s, now);
  if (dirtyServices.size) ctx.reconcile.request(cluster);
  return { pollIntervalMs: ctx.settings.pollIntervalMs, tasks, acknowledged, unknown };
}

/** At most this many started tasks wait per instance for its next heartbeat; beyond it, the reconciler strikes them. */
const STARTED_KEPT = 100;

function rememberStarted(deps: AgentPollDeps, beatKey: string, taskId: string) {
  const started = deps.started.get(beatKey) ?? new Set<string>();
  if (started.size < STARTED_KEPT) started.add(taskId);
  deps.started.set(beatKey, started);
}

/**
 * The instance's heartbeat, which also strikes the tasks this process saw start there from its
 * list of tasks not started. False when the instance is unknown or deregistered.
 */
export async function writeHeartbeat(ctx: AppContext, deps: AgentPollDeps, cluster: string, instanceId: string, now: number) {
  const beatKey = `${cluster}/${instanceId}`;
  const started = [...(deps.started.get(beatKey) ?? [])];
  if (!(await ctx.instances.heartbeat(cluster, instanceId, now, started))) {
    deps.heartbeats.delete(beatKey);
    deps.started.delete(beatKey);
    return false;
  }
  deps.heartbeats.set(beatKey, now);
  // Only what this write struck: a poll running alongside may have added more.
  const left = deps.started.get(beatKey);
  for (const id of started) left?.delete(id);
  if (left && !left.size) deps.started.delete(beatKey);
  return true;
}
