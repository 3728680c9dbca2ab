/**
 * Stored records as the repositories hold them, for unit tests of use cases
 * over in-memory fakes of the ports: valid defaults, overridden per test.
 */
import type { ContainerInstanceRecord } from '../../src/domain/container-instance.js';
import type { TaskRecord } from '../../src/domain/task.js';

export const TEST_ARN_PREFIX = 'arn:aws:ecs:us-east-1:000000000000';

/** A RUNNING-bound task of family f:1 in `cluster`, not placed. */
export const taskRecord = (cluster: string, id: string, overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  taskArn: `${TEST_ARN_PREFIX}:task/${cluster}/${id}`,
  taskId: id,
  clusterName: cluster,
  clusterArn: `${TEST_ARN_PREFIX}:cluster/${cluster}`,
  taskDefinitionArn: `${TEST_ARN_PREFIX}:task-definition/f:1`,
  family: 'f',
  revision: 1,
  lastStatus: 'PENDING',
  desiredStatus: 'RUNNING',
  group: 'family:f',
  launchType: 'EC2',
  overrides: {},
  containers: [],
  attachments: [],
  healthStatus: 'UNKNOWN',
  createdAt: 0,
  tags: [],
  hostPorts: [],
  ...overrides,
});

/** An ACTIVE, idle instance of 1024 CPU units and 1024 MiB in `cluster`. */
export const instanceRecord = (cluster: string, id: string, overrides: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord => ({
  id,
  arn: `${TEST_ARN_PREFIX}:container-instance/${cluster}/${id}`,
  clusterName: cluster,
  status: 'ACTIVE',
  attributes: [],
  versionInfo: {},
  registeredCpu: 1024,
  registeredMemory: 1024,
  reservedTcpPorts: [],
  reservedUdpPorts: [],
  remainingCpu: 1024,
  remainingMemory: 1024,
  usedTcpPorts: [],
  usedUdpPorts: [],
  runningTasksCount: 0,
  pendingTasksCount: 0,
  taskGroups: {},
  registeredAt: 0,
  lastHeartbeatAt: 0,
  tags: [],
  ...overrides,
});
