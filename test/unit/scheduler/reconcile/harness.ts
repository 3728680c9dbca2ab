/**
 * Test harness for the service controller, after Nomad's scheduler Harness:
 * builders for services, deployments, tasks and instances, and `Sim`, an
 * in-memory cluster with a tiny plan applier (placed tasks start, stopped
 * tasks stop), so tests can run the controller pass after pass.
 */
import type { DeploymentRecord, ServiceRecord } from '../../../../src/domain/service.js';
import type { PlacementInstance } from '../../../../src/scheduler/placement/index.js';
import {
  planService,
  type AlarmReadings,
  type ReconcileIds,
  type ReconcileTask,
  type ServicePlan,
  type ServiceReconcileInput,
  type TaskDefinitions,
} from '../../../../src/scheduler/reconcile/index.js';

export const TD1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
export const TD2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
export const TDS: TaskDefinitions = {
  [TD1]: { cpu: 256, memory: 512, ports: [], placementConstraints: [], family: 'web' },
  [TD2]: { cpu: 256, memory: 512, ports: [], placementConstraints: [], family: 'web' },
};
export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
/** Epoch ms of every test's "now" unless a test moves it. */
export const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
export const T0S = T0 / 1000;
export const GROUP = 'service:web';

export function deployment(id: string, overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id,
    status: 'PRIMARY',
    taskDefinition: TD1,
    desiredCount: 0,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    createdAt: T0S - 7200,
    updatedAt: T0S - 7200,
    launchType: 'EC2',
    rolloutState: 'COMPLETED',
    rolloutStateReason: `ECS deployment ${id} completed.`,
    ...overrides,
  };
}

/** A service named web with one COMPLETED PRIMARY deployment ecs-svc/1 on TD1. */
export function service(overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  const deployments = overrides.deployments ?? [deployment('ecs-svc/1', { desiredCount: overrides.desiredCount ?? 3 })];
  return {
    serviceName: 'web',
    serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/test/web',
    clusterName: 'test',
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/test',
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 0,
    pendingCount: 0,
    taskDefinition: deployments[0]?.taskDefinition ?? TD1,
    deployments,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
    placementConstraints: [],
    placementStrategy: [],
    loadBalancers: [],
    schedulingStrategy: 'REPLICA',
    launchType: 'EC2',
    events: [],
    createdAt: T0S - 7200,
    createdBy: 'arn:aws:iam::123456789012:role/test',
    tags: [],
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    dirtyAt: 0,
    reconciledAt: T0 - 60_000,
    ...overrides,
  };
}

/** A service rolling out ecs-svc/2 (TD2, IN_PROGRESS) over ecs-svc/1 (TD1, COMPLETED, `desired` running). */
export function rollingOut(deploymentConfiguration: ServiceRecord['deploymentConfiguration'], desired = 3): ServiceRecord {
  return service({
    desiredCount: desired,
    taskDefinition: TD2,
    deploymentConfiguration,
    deployments: [
      deployment('ecs-svc/2', {
        taskDefinition: TD2,
        desiredCount: desired,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'ECS deployment ecs-svc/2 in progress.',
        createdAt: T0S - 60,
      }),
      deployment('ecs-svc/1', { status: 'ACTIVE', desiredCount: desired, runningCount: desired, taskDefinition: TD1 }),
    ],
  });
}

/** A roomy, empty ACTIVE instance in a zone. */
export function instance(id: string, zone = ZONES[0]!, overrides: Partial<PlacementInstance> = {}): PlacementInstance {
  return {
    id,
    arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/test/${id}`,
    ec2InstanceId: `i-${id}`,
    status: 'ACTIVE',
    agentConnected: true,
    agentVersion: '1.82.0',
    registeredAt: T0 - 86_400_000,
    attributes: { 'ecs.availability-zone': zone },
    remainingCpu: 4096,
    remainingMemory: 8192,
    usedTcpPorts: [],
    usedUdpPorts: [],
    runningTasksCount: 0,
    pendingTasksCount: 0,
    taskGroups: {},
    ...overrides,
  };
}

/** n instances i1..in, round-robin over the three zones. */
export const zonal = (n: number, overrides: Partial<PlacementInstance> = {}) =>
  Array.from({ length: n }, (_, i) => instance(`i${i + 1}`, ZONES[i % ZONES.length], overrides));

/** A RUNNING task of ecs-svc/1 that started an hour ago. */
export function task(taskId: string, containerInstanceId: string, overrides: Partial<ReconcileTask> = {}): ReconcileTask {
  return {
    taskId,
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/test/${taskId}`,
    deploymentId: 'ecs-svc/1',
    containerInstanceId,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    createdAt: T0S - 3600,
    startedAt: T0S - 3590,
    healthStatus: 'UNKNOWN',
    ...overrides,
  };
}

/** Sequential ids: new1, new2…; ecs-svc/r1…; e1… */
export function ids(): ReconcileIds {
  let t = 0;
  let d = 0;
  let e = 0;
  return { newTaskId: () => `new${++t}`, newDeploymentId: () => `ecs-svc/r${++d}`, newEventId: () => `e${++e}` };
}

/** Instances as the store would report them with these live tasks on them. */
export function withTasks(
  instances: readonly PlacementInstance[],
  tasks: readonly ReconcileTask[],
  tdOf: (t: ReconcileTask) => string = () => TD1,
) {
  return instances.map((inst) => {
    const mine = tasks.filter((t) => t.containerInstanceId === inst.id && t.lastStatus !== 'STOPPED');
    const td = (t: ReconcileTask) => TDS[tdOf(t)]!;
    const holding = mine.filter((t) => ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING'].includes(t.lastStatus));
    return {
      ...inst,
      remainingCpu: inst.remainingCpu - holding.reduce((s, t) => s + td(t).cpu, 0),
      remainingMemory: inst.remainingMemory - holding.reduce((s, t) => s + td(t).memory, 0),
      runningTasksCount: mine.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: mine.filter((t) => t.lastStatus !== 'RUNNING').length,
      taskGroups: mine.length > 0 ? { ...inst.taskGroups, [GROUP]: mine.length } : inst.taskGroups,
    };
  });
}

export type Input = Omit<ServiceReconcileInput, keyof ReconcileIds> & Partial<ReconcileIds>;

/** One pass with defaults: no lost instances, TDS, now T0, seed 1, sequential ids; instances get the tasks' usage. */
export function reconcile(partial: Partial<Input> & Pick<Input, 'service'>): ServicePlan {
  const tasks = partial.tasks ?? [];
  const tdOfDeployment = new Map(partial.service.deployments.map((d) => [d.id, d.taskDefinition]));
  return planService({
    ...ids(),
    lostInstanceIds: new Set(),
    taskDefinitions: TDS,
    now: T0,
    seed: 1,
    ...partial,
    tasks,
    instances: withTasks(partial.instances ?? zonal(3), tasks, (t) => tdOfDeployment.get(t.deploymentId ?? '') ?? TD1),
  }).plan;
}

export type Behavior = (task: ReconcileTask, taskDefinition: string) => 'run' | 'pend' | 'fail';

/**
 * An in-memory cluster. `step()` reconciles the service against the tasks
 * the store would return (live ones plus those stopped since the last pass),
 * applies the plan, and moves the clock by `stepMs`.
 */
export class Sim {
  service: ServiceRecord;
  tasks: ReconcileTask[];
  instances: PlacementInstance[];
  lost = new Set<string>();
  now = T0;
  stepMs = 60_000;
  seed = 1;
  behavior: Behavior = () => 'run';
  /** After each pass, tasks still PENDING start RUNNING (an agent that keeps up). */
  autoStart = false;
  /** The deployment alarms as the next pass reads them (undefined: unread). */
  alarms: AlarmReadings | undefined;
  readonly plans: ServicePlan[] = [];
  /** The working copy of the instances the last pass returned (its placements reserved). */
  lastInstances: PlacementInstance[] = [];
  private readonly idGen = ids();

  constructor(init: { service: ServiceRecord; tasks?: ReconcileTask[]; instances?: PlacementInstance[] }) {
    this.service = init.service;
    this.tasks = [...(init.tasks ?? [])];
    this.instances = init.instances ?? zonal(3);
  }

  view(): ReconcileTask[] {
    return this.tasks.filter((t) => t.lastStatus !== 'STOPPED' || (t.stoppedAt ?? 0) * 1000 >= this.service.reconciledAt);
  }

  tdOf(t: ReconcileTask): string {
    return (t as ReconcileTask & { taskDefinition?: string }).taskDefinition ?? TD1;
  }

  /** The instances as the store would report them. */
  currentInstances(): PlacementInstance[] {
    return withTasks(this.instances, this.tasks, (t) => this.tdOf(t));
  }

  step(): ServicePlan {
    const { plan, instances } = planService({
      ...this.idGen,
      service: this.service,
      tasks: this.view(),
      instances: this.currentInstances(),
      lostInstanceIds: this.lost,
      taskDefinitions: TDS,
      now: this.now,
      seed: this.seed++,
      ...(this.alarms && { alarms: this.alarms }),
    });
    this.apply(plan);
    this.plans.push(plan);
    this.lastInstances = instances;
    if (this.autoStart) {
      const startedAt = this.now / 1000 + 5;
      this.tasks = this.tasks.map((t) =>
        t.lastStatus === 'PENDING' && t.desiredStatus === 'RUNNING' ? { ...t, lastStatus: 'RUNNING', startedAt } : t,
      );
    }
    this.now += this.stepMs;
    return plan;
  }

  apply(plan: ServicePlan): void {
    const nowSec = this.now / 1000;
    const byId = new Map(this.tasks.map((t, i) => [t.taskId, i]));
    const update = (taskId: string, patch: Partial<ReconcileTask>) => {
      const i = byId.get(taskId);
      if (i === undefined) throw new Error(`plan names unknown task ${taskId}`);
      this.tasks[i] = { ...this.tasks[i]!, ...patch };
    };
    for (const s of plan.stop) {
      update(s.taskId, {
        desiredStatus: 'STOPPED',
        lastStatus: 'STOPPED',
        stoppedAt: nowSec + 1,
        stopCode: s.stopCode,
        stoppedReason: s.reason,
      });
    }
    for (const l of plan.lost) {
      update(l.taskId, { desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stoppedAt: nowSec, stoppedReason: l.reason });
    }
    for (const p of plan.place) {
      if (byId.has(p.taskId)) throw new Error(`plan reuses task id ${p.taskId}`);
      const base: ReconcileTask & { taskDefinition: string } = {
        taskId: p.taskId,
        taskArn: `arn:aws:ecs:us-east-1:123456789012:task/test/${p.taskId}`,
        deploymentId: p.deploymentId,
        containerInstanceId: p.placement.instanceId,
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        createdAt: nowSec,
        startedAt: nowSec + 1,
        healthStatus: 'UNKNOWN',
        taskDefinition: p.taskDefinition,
      };
      const outcome = this.behavior(base, p.taskDefinition);
      if (outcome === 'fail') {
        this.tasks.push({
          ...base,
          startedAt: undefined,
          lastStatus: 'STOPPED',
          desiredStatus: 'STOPPED',
          stoppedAt: nowSec + 2,
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
        } as ReconcileTask);
      } else {
        this.tasks.push(outcome === 'pend' ? { ...base, lastStatus: 'PENDING', startedAt: undefined } : base);
      }
    }
    this.service = { ...this.service, ...plan.service, reconciledAt: this.now };
  }

  /** Steps until a plan with nothing to do; returns the number of steps taken. */
  runUntilQuiet(maxSteps = 20): number {
    for (let i = 1; i <= maxSteps; i++) {
      const plan = this.step();
      if (plan.place.length === 0 && plan.stop.length === 0 && plan.lost.length === 0) return i;
    }
    throw new Error(`not quiet after ${maxSteps} steps`);
  }

  live(): ReconcileTask[] {
    return this.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  }

  eventMessages(): string[] {
    return this.service.events.map((e) => e.message);
  }
}

/** [placed, stopped] per plan. */
export const shape = (plans: readonly ServicePlan[]) => plans.map((p) => [p.place.length, p.stop.length]);

export const zoneOf = (instances: readonly PlacementInstance[], id: string) =>
  instances.find((i) => i.id === id)!.attributes['ecs.availability-zone'];
