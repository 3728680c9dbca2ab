import type { ArnContext, ResourceKind } from '../domain/arn.js';
import type { AccountSettingsStore } from '../ports/account-settings-store.js';
import type { AutoScalingGroups } from '../ports/auto-scaling.js';
import type { CapacityProviderRepository } from '../ports/capacity-provider-repository.js';
import type { Clock } from '../ports/clock.js';
import type { CloudWatchPort } from '../ports/cloudwatch.js';
import type { ClusterRepository } from '../ports/cluster-repository.js';
import type { ContainerInstanceRepository } from '../ports/container-instance-repository.js';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import type { LoadBalancers } from '../ports/load-balancers.js';
import type { ReconcileTrigger } from '../ports/reconcile-trigger.js';
import type { ConflictRetry } from '../ports/retry-on-conflict.js';
import type { ScalingRepository } from '../ports/scaling-repository.js';
import type { UsageStore } from '../ports/usage-store.js';
import type { ServiceRepository } from '../ports/service-repository.js';
import type { ServiceHistoryRepository } from '../ports/service-history-repository.js';
import type { TaskDefinitionRepository } from '../ports/task-definition-repository.js';
import type { TaskRepository } from '../ports/task-repository.js';
import type { Taggable } from '../ports/taggable.js';

export interface SchedulingSettings {
  /** An agent not heard from for this long is disconnected: nothing new is placed on it. */
  agentTimeoutMs: number;
  /** After this long disconnected, its tasks are declared lost and service tasks replaced. */
  lostAgentMs: number;
  /** How often agents are told to poll. */
  pollIntervalMs: number;
  /** Base URL agents poll (DiscoverPollEndpoint). */
  agentEndpoint: string;
  /** The agents' WebSocket URL (DiscoverPollEndpoint's telemetryEndpoint), when the push channel exists. */
  agentChannelUrl?: string;
  /** A task waits in PROVISIONING at most this long for its capacity provider to grow. */
  provisioningTimeoutMs: number;
}

export interface AutoscalingSettings {
  /** The metric period (seconds): metrics are published per period and target-tracking alarms use it. */
  metricPeriodSeconds: number;
  /** What Berth's alarms invoke: the scale-service function. */
  scaleServiceArn: string;
  /** What capacity providers' alarms invoke: the scale-cluster function. */
  scaleClusterArn: string;
}

/** Everything a use case may touch, built once per process by an entry point. */
export interface AppContext {
  arn: ArnContext;
  clock: Clock;
  ids: { uuid(): string; seed(): number };
  settings: SchedulingSettings;
  /** How optimistic loops retry (src/ports/retry-on-conflict.ts). */
  conflictRetry: ConflictRetry;
  clusters: ClusterRepository;
  taskDefinitions: TaskDefinitionRepository;
  instances: ContainerInstanceRepository;
  tasks: TaskRepository;
  services: ServiceRepository;
  /** Service deployments and revisions (written with the service; read by the history operations). */
  serviceHistory: ServiceHistoryRepository;
  idempotency: IdempotencyStore;
  accountSettings: AccountSettingsStore;
  reconcile: ReconcileTrigger;
  capacityProviders: CapacityProviderRepository;
  /** The Auto Scaling groups behind capacity providers. */
  scalingGroups: AutoScalingGroups;
  /** Elastic Load Balancing v2: services' target groups and their tasks' targets. */
  loadBalancers: LoadBalancers;
  /** Application Auto Scaling's scalable targets, policies, scheduled actions and activities. */
  scaling: ScalingRepository;
  cloudwatch: CloudWatchPort;
  autoscaling: AutoscalingSettings;
  /** Task usage per instance and metric period, between agent polls and the metrics publisher. */
  usage: UsageStore;
  /** TagResource & co. dispatch on the ARN's resource kind. */
  taggables: Partial<Record<ResourceKind, Taggable>>;
}
