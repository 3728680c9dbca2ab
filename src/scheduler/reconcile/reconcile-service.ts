/**
 * The service controller: one service's snapshot in, a plan in named buckets
 * out (Nomad's reconciler style). Pure: no I/O, no clock, no Math.random.
 *
 * One pass, in order:
 *  1. sort live tasks: lost (instance lost or gone), active (running or
 *     pending, desired RUNNING), lingering (stopping on their own);
 *  2. count failed starts per deployment; the circuit breaker, or a
 *     deployment alarm in ALARM, may fail the PRIMARY deployment and roll
 *     back to the last COMPLETED one;
 *  3. unconditional stops: everything when the service is being deleted;
 *     pending tasks on draining instances; tasks failing their container
 *     health check; retiring tasks that are not
 *     healthy; PRIMARY tasks on usable instances beyond the desired count
 *     (scale-in);
 *  4. rolling: start PRIMARY tasks within maximumPercent and stop healthy
 *     retiring tasks (older deployments, draining instances) down to
 *     minimumHealthyPercent;
 *  5. place through the placement engine; reserve on a copy of the instances;
 *  6. settle deployment counts, drop drained deployments, complete the
 *     rollout (after the alarms' bake time), write events, decide steady.
 */
import type { PlacementAssumptions } from '../../domain/placement-assumption.js';
import type { DeploymentRecord, ServiceRecord } from '../../domain/service.js';
import { isProtected } from '../../domain/task.js';
import { placeServiceTasks } from '../capacity/service-placement.js';
import { placeTasks, type PlacementInstance } from '../placement/index.js';
import { DEFAULT_SERVICE_STRATEGY, deploymentSettings, servicePlacementRequest, serviceStrategy, taskBounds } from './config.js';
import { applyAlarms, bakeGate } from './alarms.js';
import { applyCircuitBreaker } from './breaker.js';
import { sortTasks } from './classify.js';
import { countTasks, isPending, type TaskCounts } from './counts.js';
import { canonical, completeRollout, primaryFirst, settleDeployments, stampUpdated } from './deployments.js';
import { appendEvents, messages, stopReasons } from './events.js';
import { BACKOFF_EVENT_AFTER, backoffUntil, recordFailures } from './failures.js';
import { behindLoadBalancer, elbStopReason, failedElbHealthCheck, healthyForService, targetMessages } from './load-balancing.js';
import { createRandom, deriveSeed } from './random.js';
import { reserveAll } from './reserve.js';
import { daemonInstances, drainsLast, ONE_PER_INSTANCE } from './daemon.js';
import { decideRolling } from './rolling.js';
import { selectForStop, type StopCandidate, type StopContext } from './scale-in.js';
import type { PlaceTask, ProvisionTask, ReconcileTask, ServicePatch, ServicePlan, ServiceReconcileInput, Unplaced } from './types.js';

/** Random streams derived from the pass seed, so placement and stop choices never share one. */
const STOP_STREAM = 1;

export function reconcileService(input: ServiceReconcileInput): ServicePlan {
  return planService(input).plan;
}

/** The plan plus the instances with its placements reserved, for callers threading one working copy. */
export function planService(input: ServiceReconcileInput): { plan: ServicePlan; instances: PlacementInstance[] } {
  const { service, now } = input;
  const ordered = primaryFirst(service.deployments);
  if (service.status === 'INACTIVE' || ordered[0]?.status !== 'PRIMARY') {
    return { plan: emptyPlan(service), instances: [...input.instances] };
  }

  const name = service.serviceName;
  const nowSec = now / 1000;
  const settings = deploymentSettings(service);
  const instances = new Map(input.instances.map((i) => [i.id, i]));
  const deleting = service.status === 'DRAINING';
  // A DAEMON service wants one task on each instance that satisfies its rules: its desired count follows.
  const eligible = service.schedulingStrategy === 'DAEMON' ? daemonInstances(input, ordered[0].taskDefinition) : undefined;
  const desired = deleting ? 0 : (eligible?.size ?? service.desiredCount);
  const newMessages: string[] = [];

  // 1. Sort the live tasks.
  const { lost, active, lingering } = sortTasks(input.tasks, instances, input.lostInstanceIds);

  // 2. Failures, then the circuit breaker.
  const tasksByDeployment = groupBy(input.tasks, (t) => t.deploymentId ?? '');
  let deployments = ordered.map((d) => recordFailures(d, tasksByDeployment.get(d.id) ?? [], settings, now).deployment);
  if (!deleting) {
    const failing = {
      serviceName: name,
      settings,
      desiredCount: desired,
      taskDefinitions: input.taskDefinitions,
      newDeploymentId: input.newDeploymentId,
      now: nowSec,
    };
    const breaker = applyCircuitBreaker({ ...failing, deployments });
    // Then the deployment alarms: either may fail the deployment (ECS), the first to see it does.
    const alarms = applyAlarms({ ...failing, deployments: breaker.deployments, readings: input.alarms });
    deployments = alarms.deployments;
    newMessages.push(...breaker.messages, ...alarms.messages);
  }
  const primary = deployments[0]!;
  const primaryFailed = primary.rolloutState === 'FAILED';

  // 3 + 4. Stops and starts.
  const isPrimaryTask = (t: ReconcileTask) => t.deploymentId === primary.id;
  const onUsableInstance = (t: ReconcileTask) =>
    eligible
      ? t.containerInstanceId !== undefined && eligible.has(t.containerInstanceId)
      : t.containerInstanceId === undefined || instances.get(t.containerInstanceId)?.status === 'ACTIVE';
  // Behind load balancers, healthy also means healthy in every target group.
  const healthy = (t: ReconcileTask) => healthyForService(service, t, now);
  const stops = new Map<string, string>();
  const remaining = () => active.filter((t) => !stops.has(t.taskId));
  const scalingReason = stopReasons.scaling(primary.id);
  const stopContext = stopContextFor(service, input, instances, deployments);

  let toStart = 0;
  let retryAt: number | undefined;
  let revisitAt: number | undefined;
  let uncovered: string[] = [];
  if (deleting) {
    for (const t of active) stops.set(t.taskId, stopReasons.serviceDeleted);
  } else {
    for (const t of active) if (!onUsableInstance(t) && isPending(t)) stops.set(t.taskId, scalingReason);
    // A container health check that fails: ECS stops the task and the service replaces it,
    // once the service's healthCheckGracePeriodSeconds after the task started has passed.
    // Inside the grace period, the pass that must stop it is the first one after the period ends.
    const graceSec = service.healthCheckGracePeriodSeconds ?? 0;
    for (const t of active) {
      if (t.lastStatus !== 'RUNNING' || t.healthStatus !== 'UNHEALTHY') continue;
      // In whole ms, so the pass at the revisit time is the one that stops it.
      const graceEndsMs = Math.ceil(((t.startedAt ?? t.createdAt) + graceSec) * 1000);
      if (now >= graceEndsMs) stops.set(t.taskId, stopReasons.unhealthy);
      else revisitAt = earliest(revisitAt, graceEndsMs);
    }
    // A target its load balancer finds unhealthy: the same, after the same grace period.
    for (const t of active) {
      const failing = stops.has(t.taskId) ? undefined : failedElbHealthCheck(service, t, nowSec);
      if (!failing) continue;
      stops.set(t.taskId, elbStopReason(failing.targetGroupArn));
      newMessages.push(targetMessages.unhealthy(name, failing));
    }
    if (!primaryFailed) for (const t of remaining()) if (!isPrimaryTask(t) && !healthy(t)) stops.set(t.taskId, scalingReason);

    // Scale-in protection: neither scale-in nor a deployment picks a protected task; the pass
    // that may pick it is the first one after its protection ends (ECS: deployments wait).
    const unprotected = (t: ReconcileTask) => {
      if (!isProtected(t, now)) return true;
      revisitAt = earliest(revisitAt, t.protectedUntil!);
      return false;
    };
    // Scale-in counts PRIMARY tasks on usable instances only: those on draining instances are retiring (below), so a
    // replacement started for one of them is never taken for a surplus task while it is still pending.
    const primaryTasks = remaining().filter((t) => isPrimaryTask(t) && onUsableInstance(t));
    if (eligible) {
      // Off the instances it should run on: stopped (on a draining instance, after the instance's other tasks);
      // a second PRIMARY task on one instance: stopped.
      const byInstance = groupBy(remaining(), (t) => t.containerInstanceId ?? '');
      for (const [instanceId, list] of byInstance) {
        if (!eligible.has(instanceId)) {
          if (!drainsLast(instances.get(instanceId), list.length)) for (const t of list) stops.set(t.taskId, scalingReason);
        } else {
          for (const t of list.filter(isPrimaryTask).slice(1)) stops.set(t.taskId, scalingReason);
        }
      }
    } else if (primaryTasks.length > desired) {
      const candidates: StopCandidate[] = primaryTasks.filter(unprotected).map((task) => ({ task, tier: healthy(task) ? 1 : 0 }));
      for (const t of selectForStop(candidates, primaryTasks.length - desired, stopContext(remaining())))
        stops.set(t.taskId, scalingReason);
    }

    const left = remaining();
    const retires = (t: ReconcileTask) => (eligible ? !isPrimaryTask(t) && onUsableInstance(t) : !isPrimaryTask(t) || !onUsableInstance(t));
    const retiring = primaryFailed ? [] : left.filter((t) => healthy(t) && retires(t) && unprotected(t));
    const backoff = backoffUntil(primary, settings);
    const heldBack = backoff !== undefined && now < backoff;
    const decision = decideRolling({
      desiredCount: desired,
      ...taskBounds(desired, settings),
      liveAtStart: active.length,
      healthy: left.filter(healthy).length,
      primaryOk: left.filter((t) => isPrimaryTask(t) && onUsableInstance(t)).length,
      retiring: retiring.length,
      mayStart: !primaryFailed && !heldBack,
      otherStops: stops.size,
      settled: left.every(healthy),
    });
    if (decision.stopRetiring > 0) {
      const candidates: StopCandidate[] = retiring.map((task) => ({ task, tier: onUsableInstance(task) ? 1 : 0 }));
      for (const t of selectForStop(candidates, decision.stopRetiring, stopContext(left))) stops.set(t.taskId, scalingReason);
    }
    if (decision.stuck) newMessages.push(messages.deploymentConfigurationStuck(name));
    if (heldBack && decision.need > 0) {
      retryAt = backoff;
      if ((primary.consecutiveFailures ?? 0) >= BACKOFF_EVENT_AFTER) newMessages.push(messages.unableToConsistentlyStart(name));
    }
    toStart = decision.start;
    if (eligible) {
      // One task per instance, so the new deployment's task starts where the old one has stopped: on every
      // instance with no live task of the service (one told to stop holds its place until it has stopped).
      const covered = new Set([...active, ...lingering].map((t) => t.containerInstanceId));
      uncovered = [...eligible].filter((id) => !covered.has(id));
      toStart = !primaryFailed && !heldBack ? uncovered.length : 0;
    }
  }
  const stopIds = [...stops.keys()];
  if (stopIds.length > 0) newMessages.push(...messages.stopped(name, stopIds));

  // 5. Placement (through the deployment's capacity provider strategy, if any).
  let place: PlaceTask[] = [];
  let provision: ProvisionTask[] = [];
  const unplaced: Unplaced = { count: 0 };
  let assumptions: PlacementAssumptions = {};
  let instancesOut: PlacementInstance[] = [...input.instances];
  if (toStart > 0) {
    const td = input.taskDefinitions[primary.taskDefinition];
    if (!td) throw new Error(`Task definition ${primary.taskDefinition} of ${service.serviceArn} was not resolved`);
    const base = servicePlacementRequest(service, td, toStart);
    // A daemon places one task on each instance it does not cover yet, and no strategy applies.
    const request = eligible ? { ...base, constraints: [...base.constraints, ONE_PER_INSTANCE], strategy: [] } : base;
    if (primary.capacityProviderStrategy?.length) {
      // Through the deployment's capacity providers: what does not fit may wait in PROVISIONING.
      const started = placeServiceTasks({
        input,
        primary,
        primaryTasks: active.filter((t) => isPrimaryTask(t) && !stops.has(t.taskId)),
        request,
        defaultStrategy: DEFAULT_SERVICE_STRATEGY,
      });
      ({ place, provision } = started);
      instancesOut = started.instances;
      if (started.closest) {
        unplaced.count = started.unplaced;
        unplaced.closest = started.closest;
      }
    } else {
      const candidates = input.instances
        .filter((i) => !eligible || uncovered.includes(i.id))
        .map((i) => (input.lostInstanceIds.has(i.id) && i.agentConnected ? { ...i, agentConnected: false } : i));
      const result = placeTasks(request, candidates, { seed: input.seed, defaultStrategy: DEFAULT_SERVICE_STRATEGY });
      for (const placement of result.placements) {
        place.push({
          deploymentId: primary.id,
          taskDefinition: primary.taskDefinition,
          taskId: input.newTaskId(),
          group: request.group,
          placement,
        });
      }
      instancesOut = reserveAll(input.instances, request, result.placements);
      assumptions = result.assumptions;
      if (result.closest) {
        unplaced.count = toStart - place.length;
        unplaced.closest = result.closest;
      }
    }
    const startedIds = [...place, ...provision].map((p) => p.taskId);
    if (startedIds.length > 0) newMessages.push(...messages.started(name, startedIds));
    if (unplaced.closest) newMessages.push(messages.unableToPlace(name, unplaced.closest));
  }

  // 6. Counts, deployments, status, events.
  const kept = active.filter((t) => !stops.has(t.taskId));
  const countsOf = (deploymentId: string): TaskCounts => {
    const counts = countTasks(kept.filter((t) => t.deploymentId === deploymentId));
    const starting = [...place, ...provision].filter((p) => p.deploymentId === deploymentId).length;
    return { running: counts.running, pending: counts.pending + starting };
  };
  const totals = countTasks(kept);
  const runningCount = totals.running;
  const pendingCount = totals.pending + place.length + provision.length;
  let settled = settleDeployments(deployments, countsOf, desired);

  const steady =
    !deleting &&
    settled.length === 1 &&
    runningCount === desired &&
    pendingCount === 0 &&
    place.length === 0 &&
    provision.length === 0 &&
    stops.size === 0 &&
    lost.length === 0 &&
    lingering.length === 0 &&
    kept.every((t) => isPrimaryTask(t) && onUsableInstance(t)) &&
    (!behindLoadBalancer(service) || kept.every(healthy));
  if (!deleting && settled[0]!.rolloutState === 'IN_PROGRESS') {
    // With deployment alarms, steady is not yet done: the bake time must pass with no alarm in ALARM.
    const gate = bakeGate(settled[0]!, settings, input.alarms, steady, now);
    settled = [gate.deployment, ...settled.slice(1)];
    revisitAt = earliest(revisitAt, gate.revisitAt);
    if (gate.complete) {
      settled = [completeRollout(settled[0]!)];
      newMessages.push(messages.deploymentCompleted(name, settled[0]!.id));
    }
  }
  if (steady) newMessages.push(messages.steadyState(name));

  const stillLive = kept.length + stopIds.length + lingering.length + place.length + provision.length;
  const patch: ServicePatch = {
    status: deleting && stillLive === 0 ? 'INACTIVE' : service.status,
    ...(eligible && { desiredCount: desired }),
    taskDefinition: settled[0]!.taskDefinition,
    runningCount,
    pendingCount,
    deployments: stampUpdated(service.deployments, settled, nowSec),
    events: appendEvents(service.events, newMessages, nowSec, input.newEventId),
  };

  const plan: ServicePlan = {
    serviceName: name,
    serviceArn: service.serviceArn,
    place,
    provision,
    stop: stopIds.map((taskId) => ({ taskId, reason: stops.get(taskId)!, stopCode: 'ServiceSchedulerInitiated' })),
    lost,
    service: patch,
    changed: canonical(patch) !== canonical(currentPatch(service)),
    steady,
    unplaced,
    assumptions,
  };
  if (retryAt !== undefined) plan.retryAt = retryAt;
  revisitAt = earliest(revisitAt, retryAt);
  if (revisitAt !== undefined) plan.revisitAt = revisitAt;
  return { plan, instances: instancesOut };
}

/** Builds the scale-in context over a given set of the service's remaining active tasks. */
function stopContextFor(
  service: ServiceRecord,
  input: ServiceReconcileInput,
  instances: ReadonlyMap<string, PlacementInstance>,
  deployments: readonly DeploymentRecord[],
): (serviceTasks: readonly ReconcileTask[]) => StopContext {
  const strategy = serviceStrategy(service);
  const random = createRandom(deriveSeed(input.seed, STOP_STREAM));
  const tdOf = new Map(deployments.map((d) => [d.id, d.taskDefinition]));
  const sizeOf = (task: ReconcileTask) => {
    const arn = task.deploymentId === undefined ? undefined : tdOf.get(task.deploymentId);
    const td = arn === undefined ? undefined : input.taskDefinitions[arn];
    return td && { cpu: td.cpu, memory: td.memory };
  };
  return (serviceTasks) => ({ serviceTasks, instances, strategy, sizeOf, random });
}

function currentPatch(service: ServiceRecord): ServicePatch {
  return {
    status: service.status,
    taskDefinition: service.taskDefinition,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
    deployments: service.deployments,
    events: service.events,
  };
}

function emptyPlan(service: ServiceRecord): ServicePlan {
  return {
    serviceName: service.serviceName,
    serviceArn: service.serviceArn,
    place: [],
    provision: [],
    stop: [],
    lost: [],
    service: currentPatch(service),
    changed: false,
    steady: false,
    unplaced: { count: 0 },
    assumptions: {},
  };
}

const earliest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
