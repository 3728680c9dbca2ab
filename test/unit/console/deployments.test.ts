import { describe, expect, it } from 'vitest';
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { deploymentProgress, deploymentsInOrder, steadiness } from '../../../console/src/model/deployments.js';
import type { Wire } from '../../../src/domain/wire.js';

const deployment = (over: Partial<Wire<Deployment>>): Wire<Deployment> => ({
  id: 'ecs-svc/1',
  status: 'PRIMARY',
  taskDefinition: 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:2',
  desiredCount: 3,
  runningCount: 0,
  pendingCount: 0,
  failedTasks: 0,
  createdAt: 100,
  rolloutState: 'IN_PROGRESS',
  ...over,
});

describe('deployment progress', () => {
  it('is running over desired, capped at 100 %, and full when nothing is desired', () => {
    expect(deploymentProgress(deployment({ runningCount: 2, pendingCount: 1 }))).toMatchObject({
      percent: 67,
      running: 2,
      pending: 1,
      desired: 3,
    });
    expect(deploymentProgress(deployment({ runningCount: 4 })).percent).toBe(100);
    expect(deploymentProgress(deployment({ desiredCount: 0 })).percent).toBe(100);
  });

  it('keeps the rollout state and its reason, defaulting as ECS does for deployments without one', () => {
    expect(deploymentProgress(deployment({ rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' }))).toMatchObject({
      rolloutState: 'FAILED',
      rolloutStateReason: 'circuit breaker',
    });
    expect(deploymentProgress(deployment({ rolloutState: undefined })).rolloutState).toBe('IN_PROGRESS');
    expect(deploymentProgress(deployment({ status: 'ACTIVE', rolloutState: undefined })).rolloutState).toBe('ACTIVE');
  });

  it('puts the PRIMARY deployment first, then the older ones newest first', () => {
    const service = {
      deployments: [
        deployment({ id: 'old', status: 'ACTIVE', createdAt: 50 }),
        deployment({ id: 'older', status: 'ACTIVE', createdAt: 10 }),
        deployment({ id: 'new', status: 'PRIMARY', createdAt: 100 }),
      ],
    };
    expect(deploymentsInOrder(service).map((d) => d.id)).toEqual(['new', 'old', 'older']);
  });
});

describe('service steadiness', () => {
  const service = (over: Partial<Wire<Service>>): Wire<Service> => ({
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    deployments: [deployment({})],
    ...over,
  });
  it('is steady as `aws ecs wait services-stable` judges it: one deployment, running = desired', () => {
    expect(steadiness(service({}))).toBe('steady');
    expect(steadiness(service({ runningCount: 2 }))).toBe('scaling');
    expect(steadiness(service({ deployments: [deployment({}), deployment({ id: 'x', status: 'ACTIVE' })] }))).toBe('deploying');
    expect(steadiness(service({ status: 'DRAINING' }))).toBe('inactive');
  });
});
