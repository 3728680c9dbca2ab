import type { PlacementInstance, PlacementRequest } from '../../../src/scheduler/placement/index.js';
import { compileDemand } from '../../../src/scheduler/placement/placement-demand.js';
import { WorkingInstance } from '../../../src/scheduler/placement/working-instance.js';

/** A healthy, empty ACTIVE instance; override what the test is about. */
export function instance(id: string, overrides: Partial<PlacementInstance> = {}): PlacementInstance {
  return {
    id,
    arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/test/${id}`,
    ec2InstanceId: `i-${id}`,
    status: 'ACTIVE',
    agentConnected: true,
    agentVersion: '1.82.0',
    registeredAt: Date.UTC(2024, 0, 1),
    attributes: { 'ecs.availability-zone': 'us-east-1a', 'ecs.instance-type': 't3.large' },
    remainingCpu: 2048,
    remainingMemory: 4096,
    usedTcpPorts: [],
    usedUdpPorts: [],
    runningTasksCount: 0,
    pendingTasksCount: 0,
    taskGroups: {},
    ...overrides,
  };
}

export function request(overrides: Partial<PlacementRequest> = {}): PlacementRequest {
  return {
    count: 1,
    cpu: 256,
    memory: 512,
    ports: [],
    group: 'service:web',
    constraints: [],
    strategy: [],
    ...overrides,
  };
}

/** The engine's view of one instance for one request, for testing filters and scorers alone. */
export function working(source: PlacementInstance, req: PlacementRequest = request(), index = 0): WorkingInstance {
  return new WorkingInstance(source, index, compileDemand(req));
}
