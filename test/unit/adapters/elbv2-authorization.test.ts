import { describe, expect, it } from 'vitest';
import { elbv2Resources } from '../../../src/adapters/local/elbv2/authorization.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };
const tg = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef';
const lb = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/0123456789abcdef';

describe('ELBv2 twin: the resources IAM checks per operation', () => {
  it('Describe* on *, Create* on the ARN they will create, the others on the ARNs they name', () => {
    expect(elbv2Resources('DescribeTargetHealth', { TargetGroupArn: tg }, scope)).toEqual(['*']);
    expect(elbv2Resources('CreateTargetGroup', { Name: 'web' }, scope)).toEqual([
      'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/*',
    ]);
    expect(elbv2Resources('CreateLoadBalancer', { Name: 'web' }, scope)).toEqual([
      'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/*',
    ]);
    expect(elbv2Resources('RegisterTargets', { TargetGroupArn: tg, Targets: [{ Id: 'i-1' }] }, scope)).toEqual([tg]);
    expect(elbv2Resources('CreateListener', { LoadBalancerArn: lb, Port: 80 }, scope)).toEqual([lb]);
    expect(elbv2Resources('AddTags', { ResourceArns: [tg, lb], Tags: [] }, scope)).toEqual([tg, lb]);
  });
});
