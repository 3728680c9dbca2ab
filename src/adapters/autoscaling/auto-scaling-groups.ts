/**
 * EC2 Auto Scaling through @aws-sdk/client-auto-scaling: the same code on
 * AWS and locally, where only the endpoint differs (the local Auto Scaling
 * twin behind the one local endpoint).
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  SetInstanceProtectionCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import type { BerthConfig } from '../../config.js';
import type { AutoScalingGroups, ScalingGroup } from '../../ports/auto-scaling.js';

/** DescribeAutoScalingGroups pages hold at most 100 groups; names go 50 at a time. */
const NAMES_PER_CALL = 50;
/** SetInstanceProtection takes at most 50 instance ids. */
const IDS_PER_CALL = 50;

export function autoScalingClient(config: Pick<BerthConfig, 'region' | 'autoScalingEndpoint'>): AutoScalingClient {
  return new AutoScalingClient({
    region: config.region,
    // Signed with the function's own keys, as the local twin on the edge verifies SigV4 too.
    ...(config.autoScalingEndpoint ? { endpoint: config.autoScalingEndpoint } : {}),
    maxAttempts: 3,
  });
}

export class AwsAutoScalingGroups implements AutoScalingGroups {
  constructor(private readonly client: AutoScalingClient) {}

  async describe(names: readonly string[]): Promise<ScalingGroup[]> {
    const out: ScalingGroup[] = [];
    const unique = [...new Set(names)];
    for (let i = 0; i < unique.length; i += NAMES_PER_CALL) {
      let NextToken: string | undefined;
      do {
        const page = await this.client.send(
          new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: unique.slice(i, i + NAMES_PER_CALL), NextToken }),
        );
        out.push(...(page.AutoScalingGroups ?? []).map(toGroup));
        NextToken = page.NextToken;
      } while (NextToken);
    }
    return out;
  }

  async setDesiredCapacity(group: string, desiredCapacity: number): Promise<void> {
    await this.client.send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: group, DesiredCapacity: desiredCapacity, HonorCooldown: false }),
    );
  }

  async setInstanceProtection(group: string, instanceIds: readonly string[], protectedFromScaleIn: boolean): Promise<void> {
    for (let i = 0; i < instanceIds.length; i += IDS_PER_CALL) {
      await this.client.send(
        new SetInstanceProtectionCommand({
          AutoScalingGroupName: group,
          InstanceIds: instanceIds.slice(i, i + IDS_PER_CALL),
          ProtectedFromScaleIn: protectedFromScaleIn,
        }),
      );
    }
  }

  async terminateInstance(instanceId: string, decrementDesiredCapacity: boolean): Promise<void> {
    await this.client.send(
      new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: instanceId, ShouldDecrementDesiredCapacity: decrementDesiredCapacity }),
    );
  }
}

function toGroup(g: AutoScalingGroup): ScalingGroup {
  return {
    name: g.AutoScalingGroupName!,
    arn: g.AutoScalingGroupARN ?? '',
    minSize: g.MinSize ?? 0,
    maxSize: g.MaxSize ?? 0,
    desiredCapacity: g.DesiredCapacity ?? 0,
    newInstancesProtectedFromScaleIn: g.NewInstancesProtectedFromScaleIn ?? false,
    instances: (g.Instances ?? []).map((i) => ({
      instanceId: i.InstanceId!,
      zone: i.AvailabilityZone ?? '',
      lifecycleState: i.LifecycleState ?? '',
      healthStatus: i.HealthStatus ?? '',
      protectedFromScaleIn: i.ProtectedFromScaleIn ?? false,
    })),
    tags: Object.fromEntries((g.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ''])),
  };
}
