import { describe, expect, it } from 'vitest';
import { clusterNameParam } from '../../../src/app/clusters/resolve-cluster.js';
import { instanceIdParam } from '../../../src/app/container-instances/resolve-instance.js';
import { describeMany } from '../../../src/app/describe-many.js';
import { serviceNameParam } from '../../../src/app/services/resolve-service.js';
import { parseTaskDefinitionRef } from '../../../src/app/task-definitions/resolve-task-definition.js';
import { taskIdParam } from '../../../src/app/tasks/resolve-task.js';
import { EcsError } from '../../../src/domain/errors.js';

const ARN = 'arn:aws:ecs:us-east-1:000000000000';

describe('resolving a name or an ARN', () => {
  it('clusters: absent or empty is default; a name or a cluster ARN; any other ARN is refused', () => {
    expect(clusterNameParam(undefined)).toBe('default');
    expect(clusterNameParam('')).toBe('default');
    expect(clusterNameParam('prod')).toBe('prod');
    expect(clusterNameParam(`${ARN}:cluster/prod`)).toBe('prod');
    expect(() => clusterNameParam(`${ARN}:service/prod/web`)).toThrow(EcsError);
  });

  it('tasks, services and instances: an id, or an ARN of that kind in this cluster', () => {
    for (const [parse, kind] of [
      [taskIdParam, 'task'],
      [serviceNameParam, 'service'],
      [instanceIdParam, 'container-instance'],
    ] as const) {
      expect(parse('abc', 'prod'), kind).toBe('abc');
      expect(parse(`${ARN}:${kind}/prod/abc`, 'prod'), kind).toBe('abc');
      // The old ARN format carries no cluster: accepted for any cluster.
      expect(parse(`${ARN}:${kind}/abc`, 'prod'), kind).toBe('abc');
      expect(parse(`${ARN}:${kind}/other/abc`, 'prod'), `${kind} of another cluster`).toBeUndefined();
      expect(parse(`${ARN}:cluster/prod`, 'prod'), `${kind} given a cluster ARN`).toBeUndefined();
      expect(parse('arn:nonsense', 'prod'), kind).toBeUndefined();
    }
  });

  it('task definitions: family, family:revision or ARN', () => {
    expect(parseTaskDefinitionRef('web')).toEqual({ family: 'web' });
    expect(parseTaskDefinitionRef('web:3')).toEqual({ family: 'web', revision: 3 });
    expect(parseTaskDefinitionRef(`${ARN}:task-definition/web:12`)).toEqual({ family: 'web', revision: 12 });
    expect(() => parseTaskDefinitionRef('web:0')).toThrow('Invalid revision number');
    expect(() => parseTaskDefinitionRef('web:x')).toThrow('Invalid revision number');
    expect(() => parseTaskDefinitionRef(`${ARN}:service/c/web`)).toThrow('Invalid task definition');
  });
});

describe('describeMany', () => {
  const run = (values: string[], stored: string[], max = 100) =>
    describeMany({
      values,
      max,
      what: 'tasks',
      parse: (v) => taskIdParam(v, 'prod'),
      fetch: async (ids) => new Map(ids.filter((id) => stored.includes(id)).map((id) => [id, { id }])),
      arnOf: (id) => `${ARN}:task/prod/${id}`,
      view: (r) => r.id,
    });

  it('answers what it found in request order and MISSING for the rest, by ARN when the value parsed', async () => {
    const out = await run(['b', `${ARN}:task/prod/a`, 'gone', `${ARN}:task/other/x`], ['a', 'b']);
    expect(out.found).toEqual(['b', 'a']);
    expect(out.failures).toEqual([
      { arn: `${ARN}:task/other/x`, reason: 'MISSING' },
      { arn: `${ARN}:task/prod/gone`, reason: 'MISSING' },
    ]);
  });

  it('refuses more values than the operation allows, before reading anything', async () => {
    await expect(run(['a', 'b', 'c'], [], 2)).rejects.toThrow('At most 2 tasks can be described at once.');
  });
});
