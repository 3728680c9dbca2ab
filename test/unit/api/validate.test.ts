import { describe, expect, it } from 'vitest';
import { validateInput } from '../../../src/api/validate.js';
import { EcsError } from '../../../src/domain/errors.js';

const outcome = (shape: string, input: unknown) => {
  try {
    validateInput(shape, input);
    return 'ok';
  } catch (err) {
    return err instanceof EcsError ? `${err.code}: ${err.message}` : String(err);
  }
};

describe('model-driven input validation', () => {
  it.each([
    ['ListClustersRequest', {}, 'ok'],
    ['ListClustersRequest', { maxResults: 5, nextToken: 'x' }, 'ok'],
    ['ListClustersRequest', { maxResults: '5' }, "SerializationException: Expected an integer at 'maxResults'."],
    ['ListClustersRequest', { maxResults: 1.5 }, "SerializationException: Expected an integer at 'maxResults'."],
    ['ListClustersRequest', [], "SerializationException: Expected an object at 'input'."],
    ['ListClustersRequest', { unknownMember: 1 }, 'ok'],
    [
      'DescribeClustersRequest',
      { include: ['TAGS', 'NOPE'] },
      "InvalidParameterException: 1 validation error detected: Value 'NOPE' at 'include.2' failed to satisfy constraint: Member must satisfy enum value set: [ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS]",
    ],
    ['DescribeClustersRequest', { clusters: 'default' }, "SerializationException: Expected a list at 'clusters'."],
    [
      'RegisterTaskDefinitionRequest',
      { family: 'f' },
      "InvalidParameterException: 1 validation error detected: Value null at 'containerDefinitions' failed to satisfy constraint: Member must not be null",
    ],
    ['RegisterTaskDefinitionRequest', {}, expect.stringMatching(/^InvalidParameterException: 2 validation errors detected/)],
    [
      'RegisterTaskDefinitionRequest',
      { family: 'f', containerDefinitions: [{ name: 'a', ulimits: [{ name: 'nofile', softLimit: 1 }] }] },
      expect.stringMatching(/containerDefinitions\.1\.ulimits\.1\.hardLimit' failed to satisfy constraint: Member must not be null/),
    ],
    [
      'RegisterTaskDefinitionRequest',
      { family: 'f', containerDefinitions: [{ name: 'a', essential: 'yes' }] },
      "SerializationException: Expected a boolean at 'containerDefinitions.1.essential'.",
    ],
    [
      'RegisterTaskDefinitionRequest',
      { family: 'f', containerDefinitions: [{ name: 'a', dockerLabels: { k: 1 } }] },
      "SerializationException: Expected a string at 'containerDefinitions.1.dockerLabels.k'.",
    ],
    [
      'TagResourceRequest',
      { resourceArn: 'a', tags: [{ key: '', value: 'v' }] },
      expect.stringMatching(/tags\.1\.key.*length greater than or equal to 1/),
    ],
    [
      'TagResourceRequest',
      { resourceArn: 'a', tags: [{ key: 'bad\u0001', value: 'v' }] },
      expect.stringMatching(/regular expression pattern/),
    ],
    ['TagResourceRequest', { resourceArn: 'a', tags: [{ key: 'ünïcode ok', value: 'v' }] }, 'ok'],
    [
      'TagResourceRequest',
      { resourceArn: 'a', tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
      expect.stringMatching(/length less than or equal to 50/),
    ],
  ])('%s %j → %s', (shape, input, expected) => {
    expect(outcome(shape, input)).toEqual(expected);
  });
});
