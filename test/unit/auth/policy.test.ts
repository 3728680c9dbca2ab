import { describe, expect, it } from 'vitest';
import { authorize } from '../../../src/auth/authorize.js';
import { checkPolicy, CompiledPolicy, wildcardMatch, type PolicyDocument } from '../../../src/auth/policy.js';
import { POLICY_PRESETS } from '../../../src/auth/presets.js';
import { instancePolicy } from '../../../src/auth/principal.js';

const ARN = 'arn:aws:ecs:us-east-1:000000000000';
const policy = (...Statement: PolicyDocument['Statement'][]) => new CompiledPolicy({ Version: '2012-10-17', Statement: Statement.flat() });

describe('IAM wildcards', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['ecs:Describe*', 'ecs:DescribeClusters', true],
    ['ecs:Describe*', 'ecs:describeclusters', false],
    ['ecs:List?asks', 'ecs:ListTasks', true],
    ['ecs:List?asks', 'ecs:ListTTasks', false],
    [`${ARN}:cluster/dev-*`, `${ARN}:cluster/dev-1`, true],
    [`${ARN}:cluster/dev-*`, `${ARN}:cluster/prod-1`, false],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['*a*a*a*a*a*a*a*a*b', `${'a'.repeat(5000)}`, false],
  ])('%s matches %s: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

describe('policy evaluation', () => {
  const cases: { name: string; policy: CompiledPolicy; action: string; resource: string; decision: string }[] = [
    { name: 'nothing allowed by default', policy: policy([]), action: 'ecs:ListClusters', resource: '*', decision: 'implicit-deny' },
    {
      name: 'an action wildcard allows',
      policy: policy({ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }),
      action: 'ecs:DescribeServices',
      resource: `${ARN}:service/c/s`,
      decision: 'allow',
    },
    {
      name: 'actions match case-insensitively',
      policy: policy({ Effect: 'Allow', Action: 'ECS:describe*', Resource: '*' }),
      action: 'ecs:DescribeServices',
      resource: '*',
      decision: 'allow',
    },
    {
      name: 'another service is not allowed',
      policy: policy({ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }),
      action: 'cloudwatch:PutMetricData',
      resource: '*',
      decision: 'implicit-deny',
    },
    {
      name: 'resources match case-sensitively',
      policy: policy({ Effect: 'Allow', Action: '*', Resource: `${ARN}:cluster/Dev` }),
      action: 'ecs:DeleteCluster',
      resource: `${ARN}:cluster/dev`,
      decision: 'implicit-deny',
    },
    {
      name: 'an explicit deny beats an allow, in any order',
      policy: policy(
        { Effect: 'Deny', Action: 'ecs:Delete*', Resource: `${ARN}:cluster/prod-*` },
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ),
      action: 'ecs:DeleteCluster',
      resource: `${ARN}:cluster/prod-eu`,
      decision: 'explicit-deny',
    },
    {
      name: 'a deny on other resources leaves the allow',
      policy: policy(
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'ecs:Delete*', Resource: `${ARN}:cluster/prod-*` },
      ),
      action: 'ecs:DeleteCluster',
      resource: `${ARN}:cluster/dev`,
      decision: 'allow',
    },
    {
      name: 'NotAction allows everything else',
      policy: policy({ Effect: 'Allow', NotAction: ['ecs:Delete*', 'ecs:Deregister*'], Resource: '*' }),
      action: 'ecs:DeleteService',
      resource: '*',
      decision: 'implicit-deny',
    },
    {
      name: 'NotResource',
      policy: policy({ Effect: 'Allow', Action: '*', NotResource: `${ARN}:cluster/secret` }),
      action: 'ecs:DescribeClusters',
      resource: `${ARN}:cluster/public`,
      decision: 'allow',
    },
    {
      name: 'a resource-scoped allow does not cover an operation on no resource (*)',
      policy: policy({ Effect: 'Allow', Action: 'ecs:*', Resource: `${ARN}:cluster/*` }),
      action: 'ecs:ListClusters',
      resource: '*',
      decision: 'implicit-deny',
    },
  ];
  it.each(cases)('$name', ({ policy: p, action, resource, decision }) => expect(p.evaluate(action, resource)).toBe(decision));

  it('read-only describes and lists everything Berth serves, and changes nothing', () => {
    const p = new CompiledPolicy(POLICY_PRESETS['read-only']!);
    for (const a of [
      'ecs:DescribeClusters',
      'ecs:ListTasks',
      'ecs:ListTagsForResource',
      'cloudwatch:GetMetricStatistics',
      'elasticloadbalancing:DescribeTargetHealth',
    ]) {
      expect(p.evaluate(a, '*')).toBe('allow');
    }
    for (const a of [
      'ecs:CreateService',
      'ecs:RunTask',
      'ecs:TagResource',
      'ecs:Poll',
      'ecs:DiscoverPollEndpoint',
      'cloudwatch:PutMetricAlarm',
    ]) {
      expect(p.evaluate(a, '*')).toBe('implicit-deny');
    }
  });

  it('an instance may act on itself and report into its cluster, nothing else', () => {
    const p = new CompiledPolicy(instancePolicy({ region: 'us-east-1', accountId: '000000000000' }, 'c1', 'i1'));
    expect(p.evaluate('ecs:Poll', `${ARN}:container-instance/c1/i1`)).toBe('allow');
    expect(p.evaluate('ecs:Poll', `${ARN}:container-instance/c1/i2`)).toBe('implicit-deny');
    expect(p.evaluate('ecs:DeregisterContainerInstance', `${ARN}:container-instance/c1/i2`)).toBe('implicit-deny');
    expect(p.evaluate('ecs:SubmitTaskStateChange', `${ARN}:cluster/c1`)).toBe('allow');
    expect(p.evaluate('ecs:SubmitTaskStateChange', `${ARN}:cluster/c2`)).toBe('implicit-deny');
    expect(p.evaluate('ecs:ListClusters', '*')).toBe('implicit-deny');
  });

  it('authorize names the first refused resource in AWS words', () => {
    const principal = {
      accessKeyId: 'k',
      arn: 'arn:aws:iam::000000000000:user/ci',
      policy: policy({ Effect: 'Allow', Action: '*', Resource: `${ARN}:cluster/a` }),
    };
    expect(authorize(principal, 'ecs:DescribeClusters', [`${ARN}:cluster/a`])).toBeUndefined();
    expect(authorize(principal, 'ecs:DescribeClusters', [`${ARN}:cluster/a`, `${ARN}:cluster/b`])?.message).toBe(
      `User: arn:aws:iam::000000000000:user/ci is not authorized to perform: ecs:DescribeClusters on resource: ${ARN}:cluster/b because no identity-based policy allows the ecs:DescribeClusters action`,
    );
  });
});

describe('checkPolicy', () => {
  it.each([
    [{ Statement: [] }, 'at least one Statement'],
    [{ Version: '2024-01-01', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'Version must be'],
    [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }, 'Effect must be'],
    [{ Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'exactly one of Action and NotAction'],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'arn:x' }] }, 'exactly one of Resource and NotResource'],
    [{ Statement: [{ Effect: 'Allow', Action: 'DescribeClusters', Resource: '*' }] }, 'is not an action'],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'cluster/x' }] }, 'is not "*" or an ARN'],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: {} }] }, 'Condition is not supported'],
    [{ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, 'Principal is not supported'],
    [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*' }, Extra: 1 }, 'Unsupported policy element: Extra'],
    [[], 'must be a JSON object'],
  ])('refuses %j (%s)', (doc, message) => {
    expect(() => checkPolicy(doc)).toThrow(message);
  });

  it('accepts a single statement object and both versions', () => {
    expect(checkPolicy({ Version: '2008-10-17', Statement: { Effect: 'Deny', NotAction: 'ecs:*', NotResource: '*' } })).toBeTruthy();
  });
});
