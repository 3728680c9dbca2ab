import {
  DeregisterTargetsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { BerthConfig } from '../../config.js';
import {
  TargetGroupMissing,
  type LoadBalancers,
  type Target,
  type TargetGroupInfo,
  type TargetHealthState,
} from '../../ports/load-balancers.js';

/** ELB's default when a target group never set `deregistration_delay.timeout_seconds`. */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
/** DescribeTargetGroups takes at most this many ARNs per call. */
const ARNS_PER_CALL = 20;

export function elbv2Client(config: Pick<BerthConfig, 'region' | 'elbEndpoint'>): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({
    region: config.region,
    ...(config.elbEndpoint ? { endpoint: config.elbEndpoint } : {}),
    // Throttling and 5xx are retried by the SDK's standard retry strategy.
    maxAttempts: 3,
  });
}

/** The LoadBalancers port on Elastic Load Balancing v2 (AWS, or the local twin at the edge URL). */
export class Elbv2LoadBalancers implements LoadBalancers {
  constructor(private readonly client: ElasticLoadBalancingV2Client) {}

  async describeTargetGroups(arns: readonly string[]): Promise<Map<string, TargetGroupInfo>> {
    const out = new Map<string, TargetGroupInfo>();
    const unique = [...new Set(arns)];
    for (let i = 0; i < unique.length; i += ARNS_PER_CALL) {
      const chunk = unique.slice(i, i + ARNS_PER_CALL);
      let groups: TargetGroup[];
      try {
        groups = (await this.client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: chunk }))).TargetGroups ?? [];
      } catch (err) {
        if (!isTargetGroupNotFound(err)) throw err;
        // One missing ARN fails the whole call: ask for each to learn which exist.
        groups = [];
        for (const arn of chunk) groups.push(...(await this.oneTargetGroup(arn)));
      }
      for (const g of groups) {
        out.set(g.TargetGroupArn!, {
          targetGroupArn: g.TargetGroupArn!,
          targetType: g.TargetType ?? 'instance',
          loadBalancerArns: g.LoadBalancerArns ?? [],
        });
      }
    }
    return out;
  }

  async deregistrationDelaySeconds(targetGroupArn: string): Promise<number> {
    const out = await this.guard(targetGroupArn, () =>
      this.client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn })),
    );
    const value = out.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
    const seconds = Number(value);
    return value !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DEREGISTRATION_DELAY_SECONDS;
  }

  async registerTargets(targetGroupArn: string, targets: readonly Target[]): Promise<void> {
    if (!targets.length) return;
    await this.guard(targetGroupArn, () =>
      this.client.send(
        new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: targets.map((t) => ({ Id: t.id, Port: t.port })) }),
      ),
    );
  }

  async deregisterTargets(targetGroupArn: string, targets: readonly Target[]): Promise<void> {
    if (!targets.length) return;
    try {
      await this.client.send(
        new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: targets.map((t) => ({ Id: t.id, Port: t.port })) }),
      );
    } catch (err) {
      // Nothing left to drain: the group is gone, or ELB no longer knows the instance.
      if (isTargetGroupNotFound(err) || (err as Error).name === 'InvalidTargetException') return;
      throw err;
    }
  }

  async targetHealth(targetGroupArn: string, targets?: readonly Target[]) {
    const out = await this.guard(targetGroupArn, () =>
      this.client.send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: targetGroupArn,
          ...(targets ? { Targets: targets.map((t) => ({ Id: t.id, Port: t.port })) } : {}),
        }),
      ),
    );
    return (out.TargetHealthDescriptions ?? []).map((d) => ({
      id: d.Target!.Id!,
      port: d.Target!.Port!,
      state: (d.TargetHealth?.State ?? 'unavailable') as TargetHealthState,
      ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
      ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
    }));
  }

  private async oneTargetGroup(arn: string): Promise<TargetGroup[]> {
    try {
      return (await this.client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups ?? [];
    } catch (err) {
      if (isTargetGroupNotFound(err)) return [];
      throw err;
    }
  }

  private async guard<T>(targetGroupArn: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (isTargetGroupNotFound(err)) throw new TargetGroupMissing(targetGroupArn);
      throw err;
    }
  }
}

const isTargetGroupNotFound = (err: unknown) => (err as Error)?.name === 'TargetGroupNotFoundException';
