/** Task specs for driver and task-manager tests, as the control plane would send them. */
import { randomBytes } from 'node:crypto';
import type { TaskSpec } from '../../src/protocol/index.js';

/** A resolved one-container task (nginx on host port 49153 unless overridden). */
export function makeTaskSpec(overrides: Partial<TaskSpec> = {}): TaskSpec {
  const cluster = overrides.clusterName ?? 'default';
  const taskId = overrides.taskId ?? randomBytes(16).toString('hex');
  return {
    taskArn: `arn:aws:ecs:us-east-1:000000000000:task/${cluster}/${taskId}`,
    taskId,
    clusterName: cluster,
    family: 'web',
    revision: 1,
    containers: [
      {
        name: 'web',
        image: 'nginx:alpine',
        essential: true,
        memory: 128,
        portMappings: [{ containerPort: 80, hostPort: 49153, protocol: 'tcp' }],
      },
    ],
    ...overrides,
  };
}
