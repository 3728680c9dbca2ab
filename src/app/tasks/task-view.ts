import type { Task } from '@aws-sdk/client-ecs';
import type { TaskRecord } from '../../domain/task.js';
import type { Wire } from '../../domain/wire.js';

/** The ECS Task shape; tags only when asked for (`include: ['TAGS']`). */
export function taskView(t: TaskRecord, include: readonly string[] = []): Wire<Task> {
  return {
    taskArn: t.taskArn,
    clusterArn: t.clusterArn,
    taskDefinitionArn: t.taskDefinitionArn,
    ...(t.containerInstanceArn ? { containerInstanceArn: t.containerInstanceArn } : {}),
    overrides: t.overrides,
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    cpu: t.cpu,
    memory: t.memory,
    containers: t.containers.map(({ ...c }) => c),
    ...(t.startedBy ? { startedBy: t.startedBy } : {}),
    version: 1,
    ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
    ...(t.stopCode ? { stopCode: t.stopCode } : {}),
    ...(t.connectivity ? { connectivity: t.connectivity } : {}),
    createdAt: t.createdAt,
    ...(t.pullStartedAt !== undefined ? { pullStartedAt: t.pullStartedAt } : {}),
    ...(t.pullStoppedAt !== undefined ? { pullStoppedAt: t.pullStoppedAt } : {}),
    ...(t.startedAt !== undefined ? { startedAt: t.startedAt } : {}),
    ...(t.stoppingAt !== undefined ? { stoppingAt: t.stoppingAt } : {}),
    ...(t.stoppedAt !== undefined ? { stoppedAt: t.stoppedAt } : {}),
    ...(t.executionStoppedAt !== undefined ? { executionStoppedAt: t.executionStoppedAt } : {}),
    group: t.group,
    launchType: t.launchType,
    ...(t.capacityProviderName ? { capacityProviderName: t.capacityProviderName } : {}),
    attachments: t.attachments,
    healthStatus: t.healthStatus,
    enableExecuteCommand: false,
    ...(include.includes('TAGS') ? { tags: t.tags } : {}),
  };
}
