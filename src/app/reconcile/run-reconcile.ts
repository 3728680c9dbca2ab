import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import type { ServiceRecord } from '../../domain/service.js';
import { agentConnected } from '../../domain/container-instance.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import { markLost, requestStop } from '../../domain/task-transitions.js';
import { CommitConflict } from '../../ports/task-repository.js';
import {
  placementRequest as servicePlacementRequest,
  reconcileCluster,
  type ServicePlan,
  type TaskDefinitionInfo,
} from '../../scheduler/reconcile/index.js';
import { providerCapacities } from '../capacity/provider-capacities.js';
import { placementInstance } from '../container-instances/instance-view.js';
import type { AppContext } from '../context.js';
import { deploymentId, hexId } from '../ids.js';
import { newTask } from '../tasks/new-task.js';
import { parseTaskDefinitionRef } from '../task-definitions/resolve-task-definition.js';
import { needsAttention } from './needs-attention.js';
import { placeProvisioningTasks } from './place-provisioning.js';
import { taskDefinitionInfo } from './task-definition-info.js';

const MAX_PASS_ATTEMPTS = 5;

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
}

export interface ReconcileLog {
  info(message: string, detail: Record<string, unknown>): void;
}

/**
 * One reconcile pass over a cluster: declare tasks of lost hosts STOPPED,
 * then run the pure controller on the services that need attention and
 * apply its plans. Safe to run concurrently and to kill at any point: every
 * write is conditional, placements and the service record commit together,
 * and the next pass starts from whatever is stored.
 */
export async function reconcileClusterPass(ctx: AppContext, cluster: string, log?: ReconcileLog): Promise<PassSummary> {
  const summary: PassSummary = {
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

  for (let attempt = 0; attempt < MAX_PASS_ATTEMPTS; attempt++) {
    const now = ctx.clock.now();
    const seed = ctx.ids.seed();
    summary.seed = seed;
    const waiting = await placeProvisioningTasks(ctx, cluster, now, seed, async (arn) => (await resolve(arn))?.td);
    summary.provisioned += waiting.placed;
    summary.provisioningTimedOut += waiting.timedOut;
    const instances = await ctx.instances.listAll(cluster);
    const lostIds = new Set(instances.filter((i) => isLost(i, now, ctx.settings.lostAgentMs)).map((i) => i.id));
    summary.lost += await stopTasksOfLostInstances(ctx, cluster, instances, lostIds, now);

    const services = await ctx.services.listAll(cluster);
    summary.servicesSeen = services.length;
    const draining = instances.some((i) => i.status === 'DRAINING' && i.runningTasksCount + i.pendingTasksCount > 0);
    const chosen = services.filter((s) => needsAttention(s.record, now, lostIds.size > 0 || draining));
    if (!chosen.length) return summary;
    const withTasks = await Promise.all(
      chosen.map(async (s) => ({ ...s, tasks: await ctx.tasks.ofService(cluster, s.record.serviceName, s.record.reconciledAt) })),
    );
    const taskDefinitions: Record<string, TaskDefinitionInfo> = {};
    for (const s of withTasks) {
      for (const arn of new Set([s.record.taskDefinition, ...s.record.deployments.map((d) => d.taskDefinition)])) {
        const r = await resolve(arn);
        if (r) taskDefinitions[arn] = r.info;
      }
    }
    const providerNames = new Set(
      withTasks.flatMap((s) => s.record.deployments.flatMap((d) => (d.capacityProviderStrategy ?? []).map((i) => i.capacityProvider))),
    );
    const plan = reconcileCluster({
      services: withTasks.map((s) => ({ service: s.record, tasks: s.tasks })),
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
    for (const [i, p] of plan.plans.entries()) {
      const s = withTasks[i];
      try {
        await applyPlan(ctx, cluster, s.record, s.version, p, resolved, now);
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
    if (!conflict) return summary;
  }
  return summary;
}

const isLost = (i: ContainerInstanceRecord, now: number, lostMs: number) =>
  i.status === 'INACTIVE' ? i.runningTasksCount + i.pendingTasksCount > 0 : !agentConnected(i, now, lostMs);

/** Every live task on a lost (or deregistered) instance is STOPPED by the control plane; services then replace them. */
async function stopTasksOfLostInstances(
  ctx: AppContext,
  cluster: string,
  instances: ContainerInstanceRecord[],
  lostIds: Set<string>,
  now: number,
) {
  let count = 0;
  for (const instance of instances.filter((i) => lostIds.has(i.id))) {
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
  for (const s of p.stop) await ctx.tasks.transition(cluster, s.taskId, (t) => requestStop(t, s.reason, s.stopCode, passStart));
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
  // The service record commits with the placements, under the version the plan was made from.
  await ctx.tasks.createPlaced(tasks, { record: { ...record, ...p.service, reconciledAt: passStart }, version });
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
