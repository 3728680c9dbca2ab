import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { ServiceRecord } from '../../domain/service.js';
import { agentConnected } from '../../domain/container-instance.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import { markLost } from '../../domain/task-transitions.js';
import { CONFLICT, retryOnConflict, type Attempt } from '../../ports/retry-on-conflict.js';
import { CommitConflict } from '../../ports/task-repository.js';
import {
  servicePlacementRequest,
  reconcileCluster,
  serviceOrder,
  type ServicePlan,
  type TaskDefinitionInfo,
} from '../../scheduler/reconcile/index.js';
import { providerCapacities } from '../capacity/provider-capacities.js';
import { placementInstance } from '../container-instances/instance-view.js';
import type { AppContext } from '../context.js';
import { deploymentId, hexId } from '../ids.js';
import { newTask } from '../tasks/new-task.js';
import { parseTaskDefinitionRef } from '../task-definitions/resolve-task-definition.js';
import { readDeploymentAlarms } from './deployment-alarms.js';
import { needsAttention } from './needs-attention.js';
import { placeProvisioningTasks } from './place-provisioning.js';
import { TargetSync } from './target-sync.js';
import { taskDefinitionInfo } from './task-definition-info.js';
import { unbounded, type TimeLeft } from './time-budget.js';

interface ResolvedDefinition {
  td: TaskDefinitionRecord;
  info: TaskDefinitionInfo;
}
export const LOST_REASON = 'Task stopped because the container instance was lost: its agent stopped reporting.';
const DEREGISTERED_REASON = 'Task stopped because its container instance was deregistered.';

/** What one pass did, for logs and benchmarks. */
export interface PassSummary {
  cluster: string;
  seed: number;
  servicesSeen: number;
  servicesReconciled: number;
  placed: number;
  stopped: number;
  lost: number;
  unplaced: number;
  conflicts: number;
  /** Tasks that waited in PROVISIONING and got an instance this pass, or gave up waiting. */
  provisioned: number;
  provisioningTimedOut: number;
  /** The time budget ran out before the pass was done: what it did not reach is left for the next pass. */
  deferred: boolean;
}

export const emptySummary = (cluster: string): PassSummary => ({
  cluster,
  seed: 0,
  servicesSeen: 0,
  servicesReconciled: 0,
  placed: 0,
  stopped: 0,
  lost: 0,
  unplaced: 0,
  conflicts: 0,
  provisioned: 0,
  provisioningTimedOut: 0,
  deferred: false,
});

export interface ReconcileLog {
  info(message: string, detail: Record<string, unknown>): void;
}

/**
 * One reconcile pass over a cluster: declare tasks of lost hosts STOPPED,
 * then run the pure controller on the services that need attention and
 * apply its plans. Safe to run concurrently and to kill at any point: every
 * write is conditional; a service's placements, stops and record commit
 * together under the record's version, so of two overlapping passes only
 * one plan per service version lands; the next pass starts from whatever is
 * stored. `timeLeft` bounds the pass: checked before each attempt, each lost
 * instance and each service's commit; a service not committed keeps what
 * makes it need attention, so the next pass takes it up.
 */
export async function reconcileClusterPass(
  ctx: AppContext,
  cluster: string,
  log?: ReconcileLog,
  timeLeft: TimeLeft = unbounded,
): Promise<PassSummary> {
  // Load balancer targets: registered and read before planning, deregistered after committing; events written at the end.
  const targets = new TargetSync(ctx, cluster, log);
  try {
    return await reconcileAttempts(ctx, cluster, targets, log, timeLeft);
  } finally {
    await targets.flush(ctx.clock.now());
  }
}

async function reconcileAttempts(
  ctx: AppContext,
  cluster: string,
  targets: TargetSync,
  log: ReconcileLog | undefined,
  timeLeft: TimeLeft,
): Promise<PassSummary> {
  const summary = emptySummary(cluster);
  /** Instances that list tasks as not started, as the last attempt read them: settled and struck at the end. */
  let listing: ContainerInstanceRecord[] = [];
  /** Instances whose task groups at 0 are many, as the last attempt read them: pruned at the end. */
  let prunable: { id: string; groups: string[] }[] = [];
  const outOfTime = () => {
    if (timeLeft() > 0) return false;
    summary.deferred = true;
    return true;
  };
  // Revisions never change once registered: resolved once per pass, whatever the retries.
  const resolved = new Map<string, ResolvedDefinition | undefined>();
  const resolve = async (arn: string) => {
    if (!resolved.has(arn)) {
      const ref = parseTaskDefinitionRef(arn);
      const td = await ctx.taskDefinitions.get(ref.family, ref.revision ?? 0);
      resolved.set(arn, td && { td, info: taskDefinitionInfo(td) });
    }
    return resolved.get(arn);
  };

  const pass = async (): Promise<Attempt<PassSummary>> => {
    if (outOfTime()) return summary;
    const now = ctx.clock.now();
    const seed = ctx.ids.seed();
    summary.seed = seed;
    const waiting = await placeProvisioningTasks(ctx, cluster, now, seed, async (arn) => (await resolve(arn))?.td);
    summary.provisioned += waiting.placed;
    summary.provisioningTimedOut += waiting.timedOut;
    const instances = await ctx.instances.listAll(cluster);
    // A task's RUNNING report writes the task alone: its instance still lists it as not started until its next heartbeat
    // or, once the list is long (STRIKE_FROM), a pass strikes it (at the end of the pass, below).
    listing = instances.filter((i) => (i.listedTaskIds?.length ?? 0) >= STRIKE_FROM);
    // A group's count stays in the item at 0 once its tasks stopped (a service deleted, a RunTask family done); every
    // placement and stop rewrites the item, so the pass prunes them once they are many.
    prunable = instances
      .filter((i) => i.status !== 'INACTIVE')
      .map((i) => ({ id: i.id, groups: Object.keys(i.taskGroups).filter((g) => i.taskGroups[g] === 0) }))
      .filter((i) => i.groups.length >= PRUNE_FROM);
    const lost = instances.filter((i) => isLost(i, now, ctx.settings.lostAgentMs));
    const lostIds = new Set(lost.map((i) => i.id));
    // An instance's count of held tasks is exact (it commits with every placement and stop): one holding nothing needs no reads.
    const lostHolding = lost.filter(holdsTasks);
    summary.lost += await stopTasksOfLostInstances(ctx, cluster, lostHolding, now, outOfTime);
    if (summary.deferred) return summary;

    const services = await ctx.services.listAll(cluster);
    summary.servicesSeen = services.length;
    const draining = instances.some((i) => i.status === 'DRAINING' && holdsTasks(i));
    const joinedAt = Math.max(0, ...instances.filter((i) => i.status === 'ACTIVE').map((i) => i.registeredAt));
    const attention = (s: (typeof services)[number]) => needsAttention(s.record, now, lostHolding.length > 0 || draining, joinedAt);
    const targetTrouble = await targets.needingAttention(services.filter((s) => !attention(s)));
    const chosen = services.filter((s) => attention(s) || targetTrouble.has(s.record.serviceName));
    if (!chosen.length) return summary;
    const withTasks = await Promise.all(
      chosen.map(async (s) => ({ ...s, tasks: await ctx.tasks.ofService(cluster, s.record.serviceName, s.record.reconciledAt) })),
    );
    for (const s of withTasks) s.tasks = await targets.beforePlan(s.record, s.tasks, instances, now);
    const taskDefinitions: Record<string, TaskDefinitionInfo> = {};
    for (const s of withTasks) {
      // Where a failed deployment rolls back to is needed too, though that deployment may have drained away.
      const rollbackTargets = s.record.deployments.flatMap((d) => (d.rollbackTo ? [d.rollbackTo.taskDefinition] : []));
      for (const arn of new Set([s.record.taskDefinition, ...s.record.deployments.map((d) => d.taskDefinition), ...rollbackTargets])) {
        const r = await resolve(arn);
        if (r) taskDefinitions[arn] = r.info;
      }
    }
    const alarms = await readDeploymentAlarms(
      ctx,
      chosen.map((s) => s.record),
      log,
    );
    const input = withTasks.map((s) => {
      const readings = alarms.get(s.record.serviceArn);
      return { service: s.record, tasks: s.tasks, ...(readings && { alarms: readings }) };
    });
    const providerNames = new Set(
      withTasks.flatMap((s) => s.record.deployments.flatMap((d) => (d.capacityProviderStrategy ?? []).map((i) => i.capacityProvider))),
    );
    const plan = reconcileCluster({
      services: input,
      ...(providerNames.size
        ? { capacityProviders: await providerCapacities(ctx, [...providerNames], instances), provisioningRoom: waiting.room }
        : {}),
      instances: instances.filter((i) => i.status !== 'INACTIVE').map((i) => placementInstance(i, now, ctx.settings.agentTimeoutMs)),
      lostInstanceIds: lostIds,
      taskDefinitions,
      now,
      seed,
      newTaskId: () => hexId(ctx),
      newDeploymentId: () => deploymentId(ctx),
      newEventId: () => ctx.ids.uuid(),
    });
    log?.info('reconcile plan', { cluster, seed, services: plan.plans.map(describePlan) });
    let conflict = false;
    // In the order the plans were made: a later service's placements assumed the earlier ones' reservations.
    for (const i of serviceOrder(input)) {
      const s = withTasks[i]!;
      const p = plan.plans[i]!;
      if (outOfTime()) break;
      try {
        await applyPlan(ctx, cluster, s.record, s.version, p, resolved, now);
        await targets.afterPlan(s.record, s.tasks, p);
        summary.servicesReconciled++;
        summary.placed += p.place.length + p.provision.length;
        summary.stopped += p.stop.length;
        summary.lost += p.lost.length;
        summary.unplaced += p.unplaced.count;
      } catch (err) {
        if (!(err instanceof CommitConflict)) throw err;
        summary.conflicts++;
        conflict = true;
      }
    }
    return conflict ? CONFLICT : summary;
  };
  try {
    // Each conflict means another pass (or an API call) committed first: re-plan from what is stored now.
    return await retryOnConflict(`reconcile ${cluster}`, ctx.conflictRetry, pass, () => summary);
  } finally {
    // After the plans committed, so that neither placements nor their pushes wait for it. One that fails leaves the
    // item as it was, and the next pass tries again.
    await Promise.all([
      listing.length &&
        ctx.instances
          .settleCounts(listing)
          .then((settled) =>
            Promise.all(settled.map((i) => i.startedTaskIds?.length && ctx.instances.strikeStarted(cluster, i.id, i.startedTaskIds))),
          ),
      ...prunable.map((i) => ctx.instances.pruneTaskGroups(cluster, i.id, i.groups.slice(0, PRUNE_AT_ONCE))),
    ]).catch(() => undefined);
  }
}

/**
 * The pass strikes an instance's started tasks only once it lists this many: heartbeats strike
 * most of them at no cost, and a pass that reads and writes instances right after its commits
 * delays the next pass's placements (bench:push, scale-up p99). Eight ids keep the item ~260
 * bytes from its size without them.
 */
const STRIKE_FROM = 8;

/**
 * The pass prunes an instance's groups at 0 once it holds this many (~25 bytes each): fewer cost
 * less than the write that removes them, and a group that comes back soon (a service scaled to 0
 * and up again) is not written twice. At most PRUNE_AT_ONCE per write: the expressions stay under
 * DynamoDB's 4 KB each.
 */
const PRUNE_FROM = 8;
const PRUNE_AT_ONCE = 100;

const holdsTasks = (i: ContainerInstanceRecord) => i.runningTasksCount + i.pendingTasksCount > 0;

const isLost = (i: ContainerInstanceRecord, now: number, lostMs: number) =>
  i.status === 'INACTIVE' ? holdsTasks(i) : !agentConnected(i, now, lostMs);

/** Every live task on a lost (or deregistered) instance is STOPPED by the control plane; services then replace them. */
async function stopTasksOfLostInstances(
  ctx: AppContext,
  cluster: string,
  lost: ContainerInstanceRecord[],
  now: number,
  outOfTime: () => boolean,
) {
  let count = 0;
  for (const instance of lost) {
    if (outOfTime()) break;
    const reason = instance.status === 'INACTIVE' ? DEREGISTERED_REASON : LOST_REASON;
    for (const known of await ctx.tasks.liveOnInstance(cluster, instance.id)) {
      const result = await ctx.tasks.transition(cluster, known.task.taskId, (t) => markLost(t, reason, now), known);
      if (result?.changed) {
        count++;
        if (result.task.serviceName) await ctx.services.markDirty(cluster, result.task.serviceName, now);
      }
    }
  }
  return count;
}

/**
 * Lost tasks are facts (their instance is gone), marked one by one; every
 * decision of the plan (placements, stops, the service record) commits
 * together under the version the plan was made from, so a pass that lost
 * the race stops nothing.
 */
async function applyPlan(
  ctx: AppContext,
  cluster: string,
  record: ServiceRecord,
  version: number,
  p: ServicePlan,
  definitions: Map<string, ResolvedDefinition | undefined>,
  passStart: number,
) {
  for (const l of p.lost) await ctx.tasks.transition(cluster, l.taskId, (t) => markLost(t, l.reason, passStart));
  const clusterArn = record.clusterArn;
  const tasks = [...p.place, ...p.provision].map((pl) => {
    const { td, info } = definitions.get(pl.taskDefinition)!;
    return newTask(ctx, {
      td,
      clusterName: cluster,
      clusterArn,
      placement: 'placement' in pl ? pl.placement : undefined,
      ...(pl.capacityProvider ? { capacityProviderName: pl.capacityProvider } : {}),
      // What a PROVISIONING task will be placed with once capacity arrives.
      request: servicePlacementRequest(record, info, 1),
      taskId: pl.taskId,
      group: pl.group,
      startedBy: pl.deploymentId,
      serviceName: record.serviceName,
      deploymentId: pl.deploymentId,
      tags: record.propagateTags === 'SERVICE' ? record.tags : record.propagateTags === 'TASK_DEFINITION' ? td.tags : [],
    });
  });
  const { attentionAt: _previous, ...rest } = record;
  const next: ServiceRecord = {
    ...rest,
    ...p.service,
    reconciledAt: passStart,
    ...(p.revisitAt !== undefined && { attentionAt: p.revisitAt }),
  };
  await ctx.tasks.commit({
    cluster,
    place: tasks,
    assumptions: p.assumptions,
    stop: p.stop,
    now: passStart,
    service: { record: next, version },
  });
}

const describePlan = (p: ServicePlan) => ({
  service: p.serviceName,
  place: p.place.length,
  provision: p.provision.length,
  stop: p.stop.length,
  lost: p.lost.length,
  unplaced: p.unplaced.count,
  steady: p.steady,
});

export async function allClusterNames(ctx: AppContext): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clusters.listNames({ limit: 100, nextToken });
    names.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}
