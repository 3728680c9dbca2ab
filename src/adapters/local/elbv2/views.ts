/** Records as the API's output shapes (LoadBalancer, TargetGroup, Listener, TargetHealthDescription). */
import type { Elbv2State } from './elbv2-state.js';
import type { ListenerRecord, LoadBalancerRecord, TargetGroupRecord, TargetRecord } from './records.js';
import type { TargetHealth } from './target-health.js';

/** Every listener is a port on this machine's loopback: clients reach `http://127.0.0.1:<listener port>/`. */
export const LOCAL_DNS_NAME = '127.0.0.1';
/** The local container instances' zones (npm start runs them in a, b and c). */
const LOCAL_ZONES = ['a', 'b', 'c'];
export const LOCAL_VPC_ID = 'vpc-local';
/** us-east-1's hosted zone for Application Load Balancers; clients only display it. */
const CANONICAL_HOSTED_ZONE_ID = 'Z35SXDOTRQ7X7K';

export function loadBalancerView(lb: LoadBalancerRecord, region: string) {
  const zones = lb.subnets.length
    ? lb.subnets.map((subnet, i) => ({
        ZoneName: `${region}${LOCAL_ZONES[i % LOCAL_ZONES.length]}`,
        SubnetId: subnet,
        LoadBalancerAddresses: [],
      }))
    : LOCAL_ZONES.map((z) => ({ ZoneName: `${region}${z}`, LoadBalancerAddresses: [] }));
  return {
    LoadBalancerArn: lb.arn,
    DNSName: LOCAL_DNS_NAME,
    CanonicalHostedZoneId: CANONICAL_HOSTED_ZONE_ID,
    CreatedTime: lb.createdTime,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: LOCAL_VPC_ID,
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: zones,
    SecurityGroups: lb.securityGroups,
    IpAddressType: 'ipv4',
  };
}

export function targetGroupView(tg: TargetGroupRecord, state: Elbv2State) {
  const hc = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: hc.port,
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    HealthCheckPath: hc.path,
    Matcher: { HttpCode: hc.matcher },
    LoadBalancerArns: state.loadBalancerArnsOf(tg.arn),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: 'ipv4',
  };
}

export function listenerView(l: ListenerRecord) {
  const groups = l.action.targetGroups.map((g) => ({ TargetGroupArn: g.arn, Weight: g.weight }));
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    DefaultActions: [
      {
        Type: 'forward',
        ...(groups.length === 1 ? { TargetGroupArn: groups[0].TargetGroupArn } : {}),
        ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: { Enabled: false } },
      },
    ],
  };
}

export function targetHealthView(
  t: Pick<TargetRecord, 'id' | 'port'> & { health: Pick<TargetHealth, 'state' | 'reason' | 'description'> },
  tg: TargetGroupRecord,
) {
  return {
    Target: { Id: t.id, Port: t.port },
    HealthCheckPort: tg.healthCheck.port === 'traffic-port' ? String(t.port) : tg.healthCheck.port,
    TargetHealth: {
      State: t.health.state,
      ...(t.health.reason ? { Reason: t.health.reason } : {}),
      ...(t.health.description ? { Description: t.health.description } : {}),
    },
  };
}
