import { describe, expect, it } from 'vitest';
import { childIdOf, clusterArn, clusterNameOf, parseArn, taskDefinitionArn } from '../../../src/domain/arn.js';

const ctx = { region: 'eu-west-1', accountId: '123456789012' };

describe('ARNs', () => {
  it('builds ECS long-format ARNs', () => {
    expect(clusterArn(ctx, 'prod')).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/prod');
    expect(taskDefinitionArn(ctx, 'web', 7)).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7');
  });

  it.each([
    ['prod', 'prod'],
    ['arn:aws:ecs:eu-west-1:123456789012:cluster/prod', 'prod'],
    ['arn:aws:ecs:eu-west-1:123456789012:service/prod/web', undefined],
    ['arn:nonsense', undefined],
  ])('cluster name of %s is %s', (value, name) => {
    expect(clusterNameOf(value)).toBe(name);
  });

  it('splits child ARNs into cluster and id', () => {
    expect(childIdOf('arn:aws:ecs:eu-west-1:123456789012:task/prod/abc', 'task')).toEqual({ id: 'abc', cluster: 'prod' });
    expect(childIdOf('abc', 'task')).toEqual({ id: 'abc' });
    expect(childIdOf('arn:aws:ecs:eu-west-1:123456789012:cluster/prod', 'task')).toBeUndefined();
    expect(parseArn('arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7')).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      kind: 'task-definition',
      resource: 'web:7',
    });
  });
});
