/** Berth's EC2 Auto Scaling adapter: the exact calls it makes (the AWS side mocked, as Auto Scaling has no local version on AWS). */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  SetInstanceProtectionCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsAutoScalingGroups, autoScalingClient } from '../../../src/adapters/autoscaling/auto-scaling-groups.js';
import { scalingGroupName } from '../../../src/ports/auto-scaling.js';

const mock = mockClient(AutoScalingClient);
const adapter = () => new AwsAutoScalingGroups(new AutoScalingClient({ region: 'us-east-1' }));

describe('AwsAutoScalingGroups', () => {
  beforeEach(() => mock.reset());

  it('describes groups 50 names a call, following NextToken, and maps instances and tags', async () => {
    const names = Array.from({ length: 51 }, (_, i) => `g${i}`);
    mock
      .on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: names.slice(0, 50), NextToken: undefined })
      .resolves({
        AutoScalingGroups: [
          {
            AutoScalingGroupName: 'g0',
            AutoScalingGroupARN: 'arn:aws:autoscaling:us-east-1:1:autoScalingGroup:u:autoScalingGroupName/g0',
            MinSize: 1,
            MaxSize: 4,
            DesiredCapacity: 2,
            DefaultCooldown: 300,
            AvailabilityZones: ['us-east-1a'],
            HealthCheckType: 'EC2',
            CreatedTime: new Date(0),
            NewInstancesProtectedFromScaleIn: true,
            Instances: [
              {
                InstanceId: 'i-1',
                AvailabilityZone: 'us-east-1a',
                LifecycleState: 'InService',
                HealthStatus: 'Healthy',
                ProtectedFromScaleIn: true,
              },
            ],
            Tags: [{ Key: 'berth:instance-cpu', Value: '512' }],
          },
        ],
        NextToken: 't1',
      })
      .on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: names.slice(0, 50), NextToken: 't1' })
      .resolves({ AutoScalingGroups: [] })
      .on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ['g50'] })
      .resolves({ AutoScalingGroups: [] });
    const groups = await adapter().describe([...names, 'g0']);
    expect(mock.commandCalls(DescribeAutoScalingGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { AutoScalingGroupNames: names.slice(0, 50), NextToken: undefined },
      { AutoScalingGroupNames: names.slice(0, 50), NextToken: 't1' },
      { AutoScalingGroupNames: ['g50'], NextToken: undefined },
    ]);
    expect(groups).toEqual([
      {
        name: 'g0',
        arn: 'arn:aws:autoscaling:us-east-1:1:autoScalingGroup:u:autoScalingGroupName/g0',
        minSize: 1,
        maxSize: 4,
        desiredCapacity: 2,
        newInstancesProtectedFromScaleIn: true,
        instances: [
          { instanceId: 'i-1', zone: 'us-east-1a', lifecycleState: 'InService', healthStatus: 'Healthy', protectedFromScaleIn: true },
        ],
        tags: { 'berth:instance-cpu': '512' },
      },
    ]);
  });

  it('sets the desired capacity without honouring the cooldown (managed scaling decides its own pace)', async () => {
    mock.on(SetDesiredCapacityCommand).resolves({});
    await adapter().setDesiredCapacity('g', 3);
    expect(mock.commandCalls(SetDesiredCapacityCommand).map((c) => c.args[0].input)).toEqual([
      { AutoScalingGroupName: 'g', DesiredCapacity: 3, HonorCooldown: false },
    ]);
  });

  it('protects instances 50 at a time', async () => {
    mock.on(SetInstanceProtectionCommand).resolves({});
    const ids = Array.from({ length: 60 }, (_, i) => `i-${i}`);
    await adapter().setInstanceProtection('g', ids, false);
    expect(mock.commandCalls(SetInstanceProtectionCommand).map((c) => c.args[0].input)).toEqual([
      { AutoScalingGroupName: 'g', InstanceIds: ids.slice(0, 50), ProtectedFromScaleIn: false },
      { AutoScalingGroupName: 'g', InstanceIds: ids.slice(50), ProtectedFromScaleIn: false },
    ]);
  });

  it('terminates one instance, decrementing the desired capacity when asked', async () => {
    mock.on(TerminateInstanceInAutoScalingGroupCommand).resolves({});
    await adapter().terminateInstance('i-9', true);
    expect(mock.commandCalls(TerminateInstanceInAutoScalingGroupCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceId: 'i-9', ShouldDecrementDesiredCapacity: true },
    ]);
  });

  it('talks to the configured endpoint locally and to the real service on AWS', async () => {
    const local = autoScalingClient({ region: 'us-east-1', autoScalingEndpoint: 'http://127.0.0.1:3000' });
    expect(await local.config.endpoint!()).toMatchObject({ hostname: '127.0.0.1', port: 3000 });
    const aws = autoScalingClient({ region: 'eu-west-1', autoScalingEndpoint: undefined });
    expect(aws.config.endpoint).toBeUndefined();
  });

  it('reads a group name out of its ARN', () => {
    expect(scalingGroupName('arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0a1b-2c:autoScalingGroupName/my-asg')).toBe(
      'my-asg',
    );
    expect(scalingGroupName('my-asg')).toBe('my-asg');
  });
});
