import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { familyRevision, parseDefinitionJson, registrableInput } from '../../../console/src/model/task-definition.js';
import type { Wire } from '../../../src/domain/wire.js';

const described: Wire<TaskDefinition> & { taskDefinitionArn: string } = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:3',
  family: 'web',
  revision: 3,
  status: 'ACTIVE',
  containerDefinitions: [{ name: 'web', image: 'berth-test/web:1', memory: 128 }],
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
  compatibilities: ['EC2'],
  registeredAt: 1_700_000_000,
  registeredBy: 'arn:aws:iam::000000000000:root',
  networkMode: 'bridge',
};

describe('task definitions in the console', () => {
  it('turns a described revision back into RegisterTaskDefinition input', () => {
    expect(registrableInput(described)).toEqual({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'berth-test/web:1', memory: 128 }],
      networkMode: 'bridge',
    });
  });

  it('parses the form: an input object, or `describe-task-definition` output pasted whole, else says why not', () => {
    expect(parseDefinitionJson('{"family":"x","containerDefinitions":[]}')).toEqual({
      ok: true,
      input: { family: 'x', containerDefinitions: [] },
    });
    expect(parseDefinitionJson(JSON.stringify({ taskDefinition: described }))).toEqual({ ok: true, input: registrableInput(described) });
    expect(parseDefinitionJson('[1]')).toEqual({ ok: false, error: 'The task definition must be a JSON object.' });
    expect(parseDefinitionJson('{"family":')).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON: /) });
  });

  it('names revisions as family:revision', () => {
    expect(familyRevision(described.taskDefinitionArn)).toEqual({ family: 'web', revision: 3, label: 'web:3' });
    expect(familyRevision('web')).toEqual({ family: 'web', revision: undefined, label: 'web' });
  });
});
