import { DynamoAccountSettingsStore } from '../adapters/dynamodb/account-settings-repository.js';
import { randomInt, randomUUID } from 'node:crypto';
import { autoScalingClient, AwsAutoScalingGroups } from '../adapters/autoscaling/auto-scaling-groups.js';
import { DynamoCapacityProviderRepository } from '../adapters/dynamodb/capacity-provider-repository.js';
import { clusterMemberCounter } from '../adapters/dynamodb/cluster-members.js';
import { DynamoClusterRepository } from '../adapters/dynamodb/cluster-repository.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoContainerInstanceRepository } from '../adapters/dynamodb/container-instance-repository.js';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { DynamoScalingRepository } from '../adapters/dynamodb/scaling-repository.js';
import { DynamoServiceHistoryRepository } from '../adapters/dynamodb/service-history-repository.js';
import { DynamoServiceRepository } from '../adapters/dynamodb/service-repository.js';
import { DynamoUsageStore } from '../adapters/dynamodb/usage-store.js';
import { CloudWatchAdapter, cloudWatchClient } from '../adapters/cloudwatch/cloudwatch-adapter.js';
import { DynamoTaskDefinitionRepository } from '../adapters/dynamodb/task-definition-repository.js';
import { DynamoTaskRepository } from '../adapters/dynamodb/task-repository.js';
import { DynamoAgentConnectionStore } from '../adapters/dynamodb/agent-connection-repository.js';
import { apiGatewayPusher } from '../adapters/apigateway/connection-pusher.js';
import { definitionCache } from '../app/agent-calls/definition-cache.js';
import { pushingTaskRepository, type AgentPush } from '../app/agent-calls/push-on-commit.js';
import { Elbv2LoadBalancers, elbv2Client } from '../adapters/elbv2/elbv2-load-balancers.js';
import type { AppContext } from '../app/context.js';
import { clusterTaggable, taskDefinitionTaggable } from '../app/tags/taggables.js';
import { childTaggables } from '../app/tags/child-taggables.js';
import type { BerthConfig } from '../config.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { createLogger } from '../logging/json-lines-logger.js';
import type { LoadBalancers } from '../ports/load-balancers.js';
import type { CloudWatchPort } from '../ports/cloudwatch.js';
import { noTrigger, type ReconcileTrigger } from '../ports/reconcile-trigger.js';
import type { AutoScalingGroups } from '../ports/auto-scaling.js';
import { conflictRetry as defaultConflictRetry, type ConflictRetry } from '../ports/retry-on-conflict.js';

/** The composition root: real adapters for a config. Entry points call it once, at module scope. */
export interface BuildOptions {
  clock?: Clock;
  reconcile?: ReconcileTrigger;
  /** Default: EC2 Auto Scaling at the configured endpoint. */
  scalingGroups?: AutoScalingGroups;
  /** The CloudWatch side (tests pass an adapter over a mocked client). */
  cloudwatch?: CloudWatchPort;
  /** Hooks into the DynamoDB client (capacity metering in bench:cost, crash injection in tests). */
  instrument?: (db: DynamoDBDocumentClient) => void;
  /** Elastic Load Balancing v2 (default: the SDK client at config.elbEndpoint, or AWS's endpoint). */
  loadBalancers?: LoadBalancers;
  /** The conflict retry policy (tests that schedule every call themselves need no real pauses). */
  conflictRetry?: ConflictRetry;
  /** Where a failed push to an agent is logged (default: stdout, JSON lines). */
  log?: AgentPush['log'];
  /** Replaces PostToConnection (tests, bench:cost); default: the channel's management API when configured. */
  pusher?: AgentPush['pusher'];
}

/** Which connection belongs to which instance: the push channel's state in DynamoDB. */
export function buildAgentConnections(config: BerthConfig, db: DynamoDBDocumentClient = createDocumentClient(config)) {
  return new DynamoAgentConnectionStore(db, config.tableName);
}

/** Commits of placements and stops are pushed to the agents' WebSockets when the channel exists. */
function agentPush(
  config: BerthConfig,
  db: DynamoDBDocumentClient,
  definitions: AgentPush['definitions'],
  opts: BuildOptions,
): AgentPush | undefined {
  const pusher =
    opts.pusher ??
    (config.agentChannelApi
      ? apiGatewayPusher({ endpoint: config.agentChannelApi, region: config.region, local: !!config.dynamodbEndpoint })
      : undefined);
  if (!pusher) return undefined;
  return {
    connections: buildAgentConnections(config, db),
    pusher,
    definitions,
    log: opts.log ?? createLogger({ fields: { component: 'agent-push' } }),
  };
}

export function buildAppContext(config: BerthConfig, opts: BuildOptions = {}): AppContext {
  const db = createDocumentClient(config);
  opts.instrument?.(db);
  const table = config.tableName;
  const conflictRetry = opts.conflictRetry ?? defaultConflictRetry;
  const clusters = new DynamoClusterRepository(db, table, clusterMemberCounter(db, table), conflictRetry);
  const taskDefinitions = new DynamoTaskDefinitionRepository(db, table, conflictRetry);
  const instances = new DynamoContainerInstanceRepository(db, table, { region: config.region, accountId: config.accountId }, conflictRetry);
  const push = agentPush(
    config,
    db,
    definitionCache((family, revision) => taskDefinitions.get(family, revision)),
    opts,
  );
  const stored = new DynamoTaskRepository(db, table, conflictRetry);
  const tasks = push ? pushingTaskRepository(stored, push) : stored;
  const services = new DynamoServiceRepository(db, table, conflictRetry);
  return {
    arn: { region: config.region, accountId: config.accountId },
    clock: opts.clock ?? systemClock,
    ids: { uuid: randomUUID, seed: () => randomInt(2 ** 31) },
    settings: {
      agentTimeoutMs: config.agentTimeoutMs,
      lostAgentMs: config.lostAgentMs,
      pollIntervalMs: config.pollIntervalMs,
      agentEndpoint: config.agentEndpoint,
      agentChannelUrl: config.agentChannelUrl,
      provisioningTimeoutMs: config.provisioningTimeoutMs,
    },
    conflictRetry,
    clusters,
    taskDefinitions,
    instances,
    tasks,
    services,
    serviceHistory: new DynamoServiceHistoryRepository(db, table),
    idempotency: new DynamoIdempotencyStore(db, table, conflictRetry),
    accountSettings: new DynamoAccountSettingsStore(db, table),
    reconcile: opts.reconcile ?? noTrigger,
    capacityProviders: new DynamoCapacityProviderRepository(db, table, conflictRetry),
    scalingGroups: opts.scalingGroups ?? new AwsAutoScalingGroups(autoScalingClient(config)),
    loadBalancers: opts.loadBalancers ?? new Elbv2LoadBalancers(elbv2Client(config)),
    scaling: new DynamoScalingRepository(db, table),
    cloudwatch: opts.cloudwatch ?? new CloudWatchAdapter(cloudWatchClient(config)),
    autoscaling: {
      metricPeriodSeconds: config.metricPeriodSeconds,
      scaleServiceArn: config.scaleServiceFunctionArn,
      scaleClusterArn: config.scaleClusterFunctionArn,
    },
    usage: new DynamoUsageStore(db, table),
    taggables: {
      cluster: clusterTaggable(clusters),
      'task-definition': taskDefinitionTaggable(taskDefinitions),
      ...childTaggables({ instances, tasks, services }),
    },
  };
}
