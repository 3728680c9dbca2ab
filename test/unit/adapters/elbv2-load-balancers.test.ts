/** The ELBv2 adapter's calls, checked exactly against a mocked AWS side (aws-sdk-client-mock). */
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  TargetGroupNotFoundException,
  InvalidTargetException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Elbv2LoadBalancers } from '../../../src/adapters/elbv2/elbv2-load-balancers.js';
import { TargetGroupMissing } from '../../../src/ports/load-balancers.js';

const TG1 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const TG2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/fedcba9876543210';
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0011223344556677';
const notFound = () => new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} });

const client = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const elb = mockClient(client);
const adapter = new Elbv2LoadBalancers(client);

beforeEach(() => elb.reset());

const calls = (command: object) => elb.commandCalls(command as never).map((c) => c.args[0].input);

describe('Elbv2LoadBalancers', () => {
  it('describes target groups in one call and keeps what ECS checks', async () => {
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        { TargetGroupArn: TG1, TargetType: 'instance', LoadBalancerArns: [LB] },
        { TargetGroupArn: TG2, TargetType: 'ip', LoadBalancerArns: [] },
      ],
    });
    const out = await adapter.describeTargetGroups([TG1, TG2, TG1]);
    expect(calls(DescribeTargetGroupsCommand)).toEqual([{ TargetGroupArns: [TG1, TG2] }]);
    expect(out.get(TG1)).toEqual({ targetGroupArn: TG1, targetType: 'instance', loadBalancerArns: [LB] });
    expect(out.get(TG2)).toEqual({ targetGroupArn: TG2, targetType: 'ip', loadBalancerArns: [] });
  });

  it('asks for each target group when one is missing, and leaves the missing one out', async () => {
    elb.on(DescribeTargetGroupsCommand, { TargetGroupArns: [TG1, TG2] }).rejects(notFound());
    elb
      .on(DescribeTargetGroupsCommand, { TargetGroupArns: [TG1] })
      .resolves({ TargetGroups: [{ TargetGroupArn: TG1, TargetType: 'instance', LoadBalancerArns: [LB] }] });
    elb.on(DescribeTargetGroupsCommand, { TargetGroupArns: [TG2] }).rejects(notFound());
    const out = await adapter.describeTargetGroups([TG1, TG2]);
    expect(calls(DescribeTargetGroupsCommand)).toEqual([
      { TargetGroupArns: [TG1, TG2] },
      { TargetGroupArns: [TG1] },
      { TargetGroupArns: [TG2] },
    ]);
    expect([...out.keys()]).toEqual([TG1]);
  });

  it('reads the deregistration delay, with ELB’s default of 300 s when absent', async () => {
    elb.on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: TG1 }).resolves({
      Attributes: [
        { Key: 'stickiness.enabled', Value: 'false' },
        { Key: 'deregistration_delay.timeout_seconds', Value: '15' },
      ],
    });
    elb.on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: TG2 }).resolves({ Attributes: [] });
    expect(await adapter.deregistrationDelaySeconds(TG1)).toBe(15);
    expect(await adapter.deregistrationDelaySeconds(TG2)).toBe(300);
    expect(calls(DescribeTargetGroupAttributesCommand)).toEqual([{ TargetGroupArn: TG1 }, { TargetGroupArn: TG2 }]);
  });

  it('registers targets by instance id and host port', async () => {
    elb.on(RegisterTargetsCommand).resolves({});
    await adapter.registerTargets(TG1, [
      { id: 'i-0abc1234def567890', port: 49153 },
      { id: 'i-0abc1234def567891', port: 49160 },
    ]);
    await adapter.registerTargets(TG1, []);
    expect(calls(RegisterTargetsCommand)).toEqual([
      {
        TargetGroupArn: TG1,
        Targets: [
          { Id: 'i-0abc1234def567890', Port: 49153 },
          { Id: 'i-0abc1234def567891', Port: 49160 },
        ],
      },
    ]);
  });

  it('turns a missing target group into TargetGroupMissing when registering or reading health', async () => {
    elb.on(RegisterTargetsCommand).rejects(notFound());
    elb.on(DescribeTargetHealthCommand).rejects(notFound());
    await expect(adapter.registerTargets(TG1, [{ id: 'i-1', port: 1 }])).rejects.toBeInstanceOf(TargetGroupMissing);
    await expect(adapter.targetHealth(TG1)).rejects.toBeInstanceOf(TargetGroupMissing);
  });

  it('deregisters idempotently: a gone target group or an unknown instance is already deregistered', async () => {
    elb.on(DeregisterTargetsCommand, { TargetGroupArn: TG1 }).rejects(notFound());
    elb
      .on(DeregisterTargetsCommand, { TargetGroupArn: TG2 })
      .rejects(new InvalidTargetException({ message: 'The following instances do not exist', $metadata: {} }));
    await adapter.deregisterTargets(TG1, [{ id: 'i-1', port: 80 }]);
    await adapter.deregisterTargets(TG2, [{ id: 'i-2', port: 81 }]);
    expect(calls(DeregisterTargetsCommand)).toEqual([
      { TargetGroupArn: TG1, Targets: [{ Id: 'i-1', Port: 80 }] },
      { TargetGroupArn: TG2, Targets: [{ Id: 'i-2', Port: 81 }] },
    ]);
  });

  it('passes other ELB errors on', async () => {
    elb.on(DeregisterTargetsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(adapter.deregisterTargets(TG1, [{ id: 'i-1', port: 80 }])).rejects.toThrow('Rate exceeded');
  });

  it('reads target health for given targets, or all of them', async () => {
    elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } },
        {
          Target: { Id: 'i-2', Port: 81 },
          TargetHealth: {
            State: 'unhealthy',
            Reason: 'Target.ResponseCodeMismatch',
            Description: 'Health checks failed with these codes: [500]',
          },
        },
      ],
    });
    const out = await adapter.targetHealth(TG1, [
      { id: 'i-1', port: 80 },
      { id: 'i-2', port: 81 },
    ]);
    await adapter.targetHealth(TG1);
    expect(calls(DescribeTargetHealthCommand)).toEqual([
      {
        TargetGroupArn: TG1,
        Targets: [
          { Id: 'i-1', Port: 80 },
          { Id: 'i-2', Port: 81 },
        ],
      },
      { TargetGroupArn: TG1 },
    ]);
    expect(out).toEqual([
      { id: 'i-1', port: 80, state: 'healthy' },
      {
        id: 'i-2',
        port: 81,
        state: 'unhealthy',
        reason: 'Target.ResponseCodeMismatch',
        description: 'Health checks failed with these codes: [500]',
      },
    ]);
  });
});
