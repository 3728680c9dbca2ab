import { describe, expect, it } from 'vitest';
import { decodeTask, decodeTaskItem, encodeTask, taskItem, type TaskItem } from '../../../../src/adapters/dynamodb/task-items.js';
import type { TaskRecord } from '../../../../src/domain/task.js';

const P = 'arn:aws:ecs:us-east-1:123456789012:';
const task = (more: Partial<TaskRecord> = {}): TaskRecord => ({
  taskArn: `${P}task/prod/abc123`,
  taskId: 'abc123',
  clusterName: 'prod',
  clusterArn: `${P}cluster/prod`,
  taskDefinitionArn: `${P}task-definition/web:7`,
  family: 'web',
  revision: 7,
  containerInstanceId: 'i-1',
  containerInstanceArn: `${P}container-instance/prod/i-1`,
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  group: 'service:web',
  startedBy: 'ecs-svc/123',
  serviceName: 'web',
  deploymentId: 'ecs-svc/123',
  launchType: 'EC2',
  cpu: '256',
  memory: '512',
  overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] },
  containers: [
    {
      containerArn: `${P}container/prod/abc123/0f3c-uuid`,
      taskArn: `${P}task/prod/abc123`,
      name: 'app',
      image: 'nginx',
      lastStatus: 'RUNNING',
      networkBindings: [],
      cpu: '256',
    },
  ],
  attachments: [],
  healthStatus: 'UNKNOWN',
  createdAt: 1767574921,
  tags: [],
  hostPorts: [{ containerName: 'app', containerPort: 80, hostPort: 49153, protocol: 'tcp' }],
  reservation: { cpu: 256, memory: 512, tcpPorts: [49153], udpPorts: [], group: 'service:web', computeHeld: true },
  ...more,
});

describe('the stored task item', () => {
  it('leaves out what can be derived, and gives the same record back', () => {
    const t = task();
    const stored = encodeTask(t);
    for (const derived of ['taskArn', 'containerInstanceArn', 'taskDefinitionArn', 'overrides', 'attachments', 'tags', 'startedBy'])
      expect(stored, derived).not.toHaveProperty(derived);
    expect(stored.containers[0]).not.toHaveProperty('containerArn');
    expect(stored.containers[0]).not.toHaveProperty('taskArn');
    expect(stored.reservation).toEqual({ cpu: 256, memory: 512, tcpPorts: [49153], computeHeld: true });
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(t).length / 1.5);
    expect(decodeTask(stored)).toEqual(t);
    expect(decodeTaskItem(taskItem(t, 4) as unknown as TaskItem)).toEqual({ task: t, version: 4 });
  });

  it('keeps whatever differs from the derived value, so every record round-trips', () => {
    const t = task({
      taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/abc123',
      containerInstanceArn: undefined,
      containerInstanceId: undefined,
      startedBy: 'me',
      overrides: { containerOverrides: [{ name: 'app', command: ['x'] }], inferenceAcceleratorOverrides: [] },
      attachments: [{ id: 'a', type: 'ElasticNetworkInterface', status: 'ATTACHED', details: [] }],
      tags: [{ key: 'k', value: 'v' }],
      reservation: { cpu: 1, memory: 2, tcpPorts: [], udpPorts: [53], group: 'family:other', computeHeld: false },
      containers: [
        {
          containerArn: 'arn:aws:ecs:us-east-1:123456789012:container/other/abc123/u',
          taskArn: 'elsewhere',
          name: 'app',
          lastStatus: 'STOPPED',
          exitCode: 1,
          networkBindings: [{ containerPort: 80, hostPort: 49153, protocol: 'tcp', bindIP: '0.0.0.0' }],
        },
      ],
    });
    const stored = encodeTask(t);
    expect(stored.taskArn).toBe(t.taskArn);
    expect(stored.startedBy).toBe('me');
    expect(decodeTask(stored)).toEqual(t);
    const { startedBy: _, ...unstarted } = task();
    expect(decodeTask(encodeTask(unstarted))).toEqual(unstarted);
  });
});
