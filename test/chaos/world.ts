/**
 * The world a chaos run acts on: the real control plane (use cases over
 * DynamoDB Local, every call through the interleaver), a fake clock, ids
 * derived from the step, and one simulated agent per host. `execute` runs a
 * step's actions as concurrent actors and logs what each answered.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import type { AgentPollDeps as PollDeps } from '../../src/app/agent-calls/agent-poll.js';
import { createCluster } from '../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../src/app/context.js';
import { deregisterContainerInstance } from '../../src/app/container-instances/deregister-container-instance.js';
import { updateContainerInstancesState } from '../../src/app/container-instances/update-container-instances-state.js';
import { reconcileClusterPass } from '../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../src/app/services/create-service.js';
import { deleteService } from '../../src/app/services/delete-service.js';
import { updateService } from '../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../src/app/task-definitions/register-task-definition.js';
import { runTask } from '../../src/app/tasks/run-task.js';
import { startTask } from '../../src/app/tasks/start-task.js';
import { stopTask } from '../../src/app/tasks/stop-task.js';
import { readConfig, type BerthConfig } from '../../src/config.js';
import type { TaskDefinitionRecord } from '../../src/domain/task-definition.js';
import { deriveSeed } from '../../src/scheduler/reconcile/random.js';
import { createRandom } from '../../src/scheduler/placement/random.js';
import { buildAppContext } from '../../src/wiring/app-context.js';
import { ensureTables } from '../../infra/local/ensure-tables.js';
import { AgentSim } from './agent-sim.js';
import { CLUSTER, HOSTS, runTaskTemplate, serviceSpec, TASK_DEFINITIONS } from './catalog.js';
import { Interleaver, type ActorOutcome } from './interleaver.js';
import { emptyObservation, observe, type Observation } from './observe.js';
import type { Action, Step } from './steps.js';
import { UsageAccumulator } from '../../src/app/metrics/usage-accumulator.js';

/** What one step did, for the invariants. */
export interface StepLog {
  step: Step;
  outcomes: ActorOutcome[];
  /** Service → every desiredCount a call of this step tried to set. */
  desiredAttempts: Map<string, number[]>;
  /** Tasks some agent reported on in this step. */
  reported: Set<string>;
  /** clientToken → the task ARNs each successful RunTask with it answered in this step. */
  tokenAnswers: Map<string, string[][]>;
}

/**
 * DynamoDB Local checks that a request names an access key, never its
 * signature: the run skips SigV4 (an HMAC chain per call, a tenth of the
 * harness's CPU) and sends a fixed Authorization header instead.
 */
function unsigned(db: DynamoDBDocumentClient): DynamoDBDocumentClient {
  if (!db.middlewareStack.remove('httpSigningMiddleware')) throw new Error('the SDK no longer signs in httpSigningMiddleware');
  db.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers.authorization =
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';
      return next(args);
    },
    { step: 'finalizeRequest', name: 'fixedAuthorization' },
  );
  return db;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const tick = async () => {};

export class World {
  readonly agents: AgentSim[];
  /** clientToken → its RunTask template (a retry is the same call). */
  readonly tokenTemplates = new Map<string, string>();
  observation: Observation = emptyObservation();
  now = 0;
  readonly interleaver = new Interleaver();
  readonly ctx: AppContext;
  readonly checkerDb;
  private gatedDb: { destroy(): void } | undefined;
  private readonly definitions = new Map<string, TaskDefinitionRecord>();
  /** The tasks the (one, warm) agent-api process saw start, per instance: see pollDeps. */
  private readonly started = new Map<string, Set<string>>();
  private stepId = 0;
  private stepSeed = 0;
  private idSeq = 0;
  private seedSeq = 0;

  private constructor(readonly config: BerthConfig) {
    this.ctx = buildAppContext(config, {
      clock: { now: () => this.now },
      instrument: (db) => {
        this.gatedDb = db;
        unsigned(db);
        this.interleaver.instrument(db);
      },
      // Every call is scheduled by the interleaver: a pause would only slow the run down.
      conflictRetry: { attempts: 50, pause: tick },
    });
    this.ctx.ids = {
      uuid: () => `${hex(this.stepId, 8)}-${hex(this.idSeq++ & 0xffff, 4)}-4000-8000-${hex(this.idSeq, 12)}`,
      seed: () => deriveSeed(this.stepSeed, this.seedSeq++),
    };
    this.checkerDb = unsigned(createDocumentClient(config));
    this.agents = HOSTS.map((spec, host) => new AgentSim(host, spec));
  }

  /** A fresh table with the cluster, the task definitions and every host registered. */
  static async create(endpoint: string, at: number): Promise<World> {
    const tableName = `chaos-${randomUUID()}`;
    await ensureTables(endpoint, tableName);
    const world = new World(readConfig({ BERTH_TABLE: tableName, BERTH_DYNAMODB_ENDPOINT: endpoint, BERTH_REGION: 'us-east-1' }));
    world.now = at;
    await createCluster({ clusterName: CLUSTER }, world.ctx);
    for (const td of TASK_DEFINITIONS) {
      const out = await registerTaskDefinition(td, world.ctx);
      const record = await world.ctx.taskDefinitions.get(td.family!, out.taskDefinition!.revision!);
      world.definitions.set(`${td.family}:${out.taskDefinition!.revision}`, record!);
    }
    const quiet = createRandom(1);
    for (const agent of world.agents) await agent.poll(world.ctx, world.pollDeps(), 'none', quiet, new Set());
    world.observation = await observe(world.checkerDb, world.config.tableName, world.config, at, world.observation);
    return world;
  }

  /**
   * A warm agent-api Lambda: definitions are cached (they never change), heartbeats written on
   * every poll, and the tasks its polls saw start kept across polls, so each heartbeat strikes the
   * ones earlier polls (crashed or not) saw start.
   */
  pollDeps(): PollDeps {
    return {
      definitions: async (family, revision) =>
        this.definitions.get(`${family}:${revision}`) ?? this.ctx.taskDefinitions.get(family, revision),
      heartbeats: new Map(),
      started: this.started,
      usage: new UsageAccumulator(this.ctx.usage, this.ctx.autoscaling.metricPeriodSeconds),
    };
  }

  async execute(step: Step): Promise<StepLog> {
    this.now = step.at;
    this.stepId = step.id;
    this.stepSeed = step.seed;
    this.idSeq = 0;
    this.seedSeq = 0;
    const log: StepLog = { step, outcomes: [], desiredAttempts: new Map(), reported: new Set(), tokenAnswers: new Map() };
    for (const agent of this.agents) {
      if (step.quiet && !agent.quiet) agent.quietSince = step.at;
      agent.quiet = step.quiet === true;
    }
    const actors = step.actions.map((action, i) => ({
      name: `${action.kind}#${i}`,
      run: () => this.perform(action, log),
      crashAfter: step.crashes[i] ?? undefined,
    }));
    log.outcomes = await this.interleaver.run(actors, createRandom(step.seed));
    return log;
  }

  private attempt(log: StepLog, service: string, desired: number) {
    log.desiredAttempts.set(service, [...(log.desiredAttempts.get(service) ?? []), desired]);
  }

  private async runTemplate(log: StepLog, template: string, token?: string) {
    if (token && !this.tokenTemplates.has(token)) this.tokenTemplates.set(token, template);
    const t = runTaskTemplate(token ? this.tokenTemplates.get(token)! : template);
    const out = await runTask(
      {
        cluster: CLUSTER,
        taskDefinition: t.taskDefinition,
        count: t.count,
        group: t.group,
        ...(t.placementConstraints ? { placementConstraints: t.placementConstraints } : {}),
        ...(token ? { clientToken: token } : {}),
      },
      this.ctx,
    );
    const arns = (out.tasks ?? []).map((task) => task.taskArn!);
    if (token) log.tokenAnswers.set(token, [...(log.tokenAnswers.get(token) ?? []), arns]);
    return `${arns.length} placed, ${out.failures?.length ?? 0} failures`;
  }

  private async perform(action: Action, log: StepLog): Promise<unknown> {
    const agent = 'host' in action ? this.agents[action.host]! : undefined;
    switch (action.kind) {
      case 'pass':
        return reconcileClusterPass(this.ctx, CLUSTER);
      case 'poll':
        return agent!.poll(this.ctx, this.pollDeps(), action.fault, createRandom(action.seed), log.reported);
      case 'runTask':
        return this.runTemplate(log, action.template, action.token);
      case 'startTask': {
        if (!agent!.arn) return 'no instance';
        const t = runTaskTemplate(action.template);
        return startTask(
          { cluster: CLUSTER, taskDefinition: t.taskDefinition, group: t.group, containerInstances: [agent!.arn] },
          this.ctx,
        );
      }
      case 'stopTask': {
        const live = [...this.observation.tasks.values()].filter((v) => v.task.lastStatus !== 'STOPPED').map((v) => v.task.taskId);
        if (!live.length) return 'nothing to stop';
        live.sort();
        return stopTask({ cluster: CLUSTER, task: live[action.pick % live.length]!, reason: 'chaos' }, this.ctx);
      }
      case 'createService': {
        const s = serviceSpec(action.service);
        this.attempt(log, s.name, action.desired);
        return createService(
          {
            cluster: CLUSTER,
            serviceName: s.name,
            taskDefinition: s.taskDefinitions[0]!,
            desiredCount: action.desired,
            deploymentConfiguration: { minimumHealthyPercent: s.minimumHealthyPercent, maximumPercent: s.maximumPercent },
            ...(s.placementConstraints ? { placementConstraints: s.placementConstraints } : {}),
            ...(s.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds } : {}),
          },
          this.ctx,
        );
      }
      case 'scaleService':
        this.attempt(log, action.service, action.desired);
        return updateService({ cluster: CLUSTER, service: action.service, desiredCount: action.desired }, this.ctx);
      case 'deployService': {
        const s = serviceSpec(action.service);
        return updateService(
          { cluster: CLUSTER, service: s.name, taskDefinition: s.taskDefinitions[action.revision]!, forceNewDeployment: true },
          this.ctx,
        );
      }
      case 'deleteService':
        this.attempt(log, action.service, 0);
        return deleteService({ cluster: CLUSTER, service: action.service, force: true }, this.ctx);
      case 'setInstanceState':
        if (!agent!.arn) return 'no instance';
        return updateContainerInstancesState({ cluster: CLUSTER, containerInstances: [agent!.arn], status: action.status }, this.ctx);
      case 'deregister':
        if (!agent!.arn) return 'no instance';
        return deregisterContainerInstance({ cluster: CLUSTER, containerInstance: agent!.arn, force: true }, this.ctx);
      case 'vanish':
        // Back later as a restarted agent: it re-registers with its ARN before polling again.
        agent!.awayUntil = this.now + action.forMs;
        agent!.restarted = true;
        return 'away';
      case 'calm': {
        for (const a of this.agents) a.awayUntil = 0;
        for (const a of this.agents.filter((x) => x.arn)) {
          await updateContainerInstancesState({ cluster: CLUSTER, containerInstances: [a.arn!], status: 'ACTIVE' }, this.ctx);
        }
        const standalone = [...this.observation.tasks.values()]
          .map((v) => v.task)
          .filter((t) => !t.serviceName && t.lastStatus !== 'STOPPED' && t.desiredStatus !== 'STOPPED');
        for (const t of standalone) await stopTask({ cluster: CLUSTER, task: t.taskId, reason: 'calm' }, this.ctx);
        return `${standalone.length} standalone tasks stopped`;
      }
      case 'retryTokens': {
        for (const token of [...this.tokenTemplates.keys()].sort()) await this.runTemplate(log, this.tokenTemplates.get(token)!, token);
        return `${this.tokenTemplates.size} tokens retried`;
      }
    }
  }

  /** Reads the store after a step; returns [before, after]. */
  async observe(): Promise<[Observation, Observation]> {
    const before = this.observation;
    this.observation = await observe(this.checkerDb, this.config.tableName, this.config, this.now, before);
    return [before, this.observation];
  }

  /** Drops the table (DynamoDB Local keeps every table in memory) and the clients. */
  async destroy() {
    await this.checkerDb.send(new DeleteTableCommand({ TableName: this.config.tableName })).catch(() => undefined);
    this.checkerDb.destroy();
    this.gatedDb?.destroy();
  }
}
