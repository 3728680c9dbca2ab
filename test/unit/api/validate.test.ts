import { describe, expect, it } from 'vitest';
import { ecsModel } from '../../../src/api/ecs/ecs-service.js';
import { validateInput } from '../../../src/api/model/validate.js';
import { RequestRefused } from '../../../src/api/refusal.js';

const outcome = (op: string, input: unknown) => {
  try {
    validateInput(ecsModel.operations.get(op)!.input, input);
    return 'ok';
  } catch (err) {
    return err instanceof RequestRefused ? `${err.kind}: ${err.message}` : String(err);
  }
};
const td = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  family: 'f',
  containerDefinitions: [{ name: 'a', image: 'busybox', memory: 64, ...container }],
  ...extra,
});

describe('model-driven input validation (ECS model + documented quotas)', () => {
  it.each([
    ['ListClusters', {}, 'ok'],
    ['ListClusters', { maxResults: 5, nextToken: 'x' }, 'ok'],
    ['ListClusters', { maxResults: '5' }, "serialization: Expected an integer from -2147483648 to 2147483647 at 'maxResults'."],
    ['ListClusters', { maxResults: 1.5 }, expect.stringMatching(/^serialization: Expected an integer/)],
    [
      'ListClusters',
      { maxResults: 0 },
      expect.stringMatching(/maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1/),
    ],
    ['ListClusters', { maxResults: 101 }, expect.stringMatching(/Member must have value less than or equal to 100/)],
    ['ListClusters', [], "serialization: Expected an object at 'input'."],
    ['ListClusters', { unknownMember: 1 }, expect.stringMatching(/^serialization: Unknown member 'unknownMember' at 'input'/)],
    ['ListClusters', JSON.parse('{"__proto__": {"x": 1}}'), expect.stringMatching(/^serialization: Unknown member '__proto__'/)],
    ['ListClusters', { constructor: 'x' }, expect.stringMatching(/^serialization: Unknown member 'constructor'/)],
    ['ListClusters', { nextToken: null }, 'ok'],
    [
      'DescribeClusters',
      { include: ['TAGS', 'NOPE'] },
      "validation: 1 validation error detected: Value 'NOPE' at 'include.2' failed to satisfy constraint: Member must satisfy enum value set: [ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS]",
    ],
    ['DescribeClusters', { clusters: 'default' }, "serialization: Expected a list at 'clusters'."],
    [
      'DescribeClusters',
      { clusters: Array.from({ length: 100_000 }, (_, i) => `c${i}`) },
      "validation: 1 validation error detected: Value '[100000 items]' at 'clusters' failed to satisfy constraint: Member must have length less than or equal to 100",
    ],
    ['DescribeServices', { services: Array.from({ length: 11 }, () => 's') }, expect.stringMatching(/less than or equal to 10$/)],
    ['DescribeClusters', { clusters: ['ok', null] }, expect.stringMatching(/Value null at 'clusters.2'/)],
    [
      'RegisterTaskDefinition',
      { family: 'f' },
      expect.stringMatching(/Value null at 'containerDefinitions' failed to satisfy constraint: Member must not be null/),
    ],
    ['RegisterTaskDefinition', {}, expect.stringMatching(/^validation: 2 validation errors detected/)],
    [
      'RegisterTaskDefinition',
      td({ ulimits: [{ name: 'nofile', softLimit: 1 }] }),
      expect.stringMatching(/containerDefinitions\.1\.ulimits\.1\.hardLimit' failed/),
    ],
    ['RegisterTaskDefinition', td({ essential: 'yes' }), "serialization: Expected a boolean at 'containerDefinitions.1.essential'."],
    [
      'RegisterTaskDefinition',
      td({ dockerLabels: { k: 1 } }),
      "serialization: Expected a string at 'containerDefinitions.1.dockerLabels.k'.",
    ],
    ['RegisterTaskDefinition', td({ dockerLabels: JSON.parse('{"__proto__": "x"}') }), expect.stringMatching(/reserved key __proto__/)],
    ['RegisterTaskDefinition', td({ dockerLabels: { constructor: 'x', toString: 'y' } }), 'ok'],
    [
      'RegisterTaskDefinition',
      td({ memory: 1e30 }),
      expect.stringMatching(/^serialization: Expected an integer .* at 'containerDefinitions.1.memory'/),
    ],
    ['RegisterTaskDefinition', td({ cpu: Infinity }), expect.stringMatching(/^serialization: Expected an integer/)],
    ['RegisterTaskDefinition', td({ cpu: -0 }), expect.stringMatching(/^serialization: Expected an integer/)],
    ['RegisterTaskDefinition', td({ cpu: 2 ** 31 }), expect.stringMatching(/^serialization: Expected an integer/)],
    ['RegisterTaskDefinition', td({ cpu: 'NaN' }), expect.stringMatching(/^serialization: Expected an integer/)],
    [
      'RegisterTaskDefinition',
      td({ image: 'x'.repeat(1_000_000) }),
      expect.stringMatching(
        /containerDefinitions.1.image' failed to satisfy constraint: Member must have length less than or equal to 391/,
      ),
    ],
    [
      'RegisterTaskDefinition',
      td({ image: 'bad \ud800 surrogate' }),
      expect.stringMatching(/^serialization: The string at 'containerDefinitions.1.image' is not valid Unicode/),
    ],
    [
      'RegisterTaskDefinition',
      { family: 'f', containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'x', memory: 6 })) },
      expect.stringMatching(/'containerDefinitions' failed to satisfy constraint: Member must have length less than or equal to 10/),
    ],
    [
      'RegisterTaskDefinition',
      td({ command: Array.from({ length: 2000 }, () => 'x'.repeat(40)) }),
      expect.stringMatching(/^quota: The task definition is too large. Actual length: '\d+'. Max allowed length is '65536' bytes.$/),
    ],
    [
      'RunTask',
      { taskDefinition: 'f', count: 11 },
      expect.stringMatching(/'count' failed to satisfy constraint: Member must have value less than or equal to 10/),
    ],
    [
      'RunTask',
      { taskDefinition: 'f', overrides: { containerOverrides: [{ name: 'a', command: ['x'.repeat(9000)] }] } },
      expect.stringMatching(/^quota: The overrides is too large. Actual length: '\d+'. Max allowed length is '8192' characters.$/),
    ],
    [
      'TagResource',
      { resourceArn: 'a', tags: [{ key: '', value: 'v' }] },
      expect.stringMatching(/tags\.1\.key.*length greater than or equal to 1/),
    ],
    ['TagResource', { resourceArn: 'a', tags: [{ key: 'bad\u0001', value: 'v' }] }, expect.stringMatching(/regular expression pattern/)],
    ['TagResource', { resourceArn: 'a', tags: [{ key: 'ünïcode ok', value: 'v' }] }, 'ok'],
    [
      'TagResource',
      { resourceArn: 'a', tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
      expect.stringMatching(/length less than or equal to 50/),
    ],
    ['SubmitTaskStateChange', { pullStartedAt: 1.7e9 }, 'ok'],
    ['SubmitTaskStateChange', { pullStartedAt: '2024-01-01' }, "serialization: Expected a timestamp in epoch seconds at 'pullStartedAt'."],
  ])('%s, case %#', (op, input, expected) => {
    expect(outcome(op, input)).toEqual(expected);
  });

  it('returns a copy with only model members and without explicit nulls', () => {
    const out = validateInput(ecsModel.operations.get('CreateCluster')!.input, {
      clusterName: 'c',
      tags: null,
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    expect(out).toEqual({ clusterName: 'c', settings: [{ name: 'containerInsights', value: 'enabled' }] });
  });

  it('keeps map keys that merely look like Object.prototype members as own data', () => {
    const out = validateInput(
      ecsModel.operations.get('RegisterTaskDefinition')!.input,
      td({ dockerLabels: { constructor: 'x', hasOwnProperty: 'y' } }),
    ) as any;
    expect(Object.keys(out.containerDefinitions[0].dockerLabels)).toEqual(['constructor', 'hasOwnProperty']);
    expect(Object.getPrototypeOf(out.containerDefinitions[0].dockerLabels)).toBe(Object.prototype);
  });
});
