/** CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup and the target group's attributes. */
import { applyAttributes, defaults, TARGET_GROUP_ATTRIBUTES, toWire } from './attributes.js';
import { targetGroupArn } from './arns.js';
import { MatcherError, parseHttpCodeMatcher } from './health-matcher.js';
import { elbError, unsupported, validationError } from './model.js';
import { page } from './paging.js';
import type { HealthCheckConfig, Tag, TargetGroupRecord } from './records.js';
import { checkName, checkTags, requireLoadBalancer, requireTargetGroup, sameJson, selectAll } from './rules.js';
import type { Elbv2Runtime } from './runtime.js';
import { LOCAL_VPC_ID, targetGroupView } from './views.js';

const MAX_TARGET_GROUPS = 3000;

/** ALB's defaults for an HTTP target group of instances. */
const DEFAULT_HEALTH_CHECK: HealthCheckConfig = {
  protocol: 'HTTP',
  port: 'traffic-port',
  path: '/',
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 5,
  unhealthyThreshold: 2,
  matcher: '200',
};

interface HealthCheckInput {
  HealthCheckProtocol?: string;
  HealthCheckPort?: string;
  HealthCheckEnabled?: boolean;
  HealthCheckPath?: string;
  HealthCheckIntervalSeconds?: number;
  HealthCheckTimeoutSeconds?: number;
  HealthyThresholdCount?: number;
  UnhealthyThresholdCount?: number;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
}

interface CreateTargetGroupInput extends HealthCheckInput {
  Name: string;
  Protocol?: string;
  ProtocolVersion?: string;
  Port?: number;
  VpcId?: string;
  TargetType?: string;
  Tags?: Tag[];
  IpAddressType?: string;
  TargetControlPort?: number;
}

/** The health check after applying the given fields to `base`, checked as ALB checks it. */
function healthCheck(input: HealthCheckInput, base: HealthCheckConfig): HealthCheckConfig {
  if (input.HealthCheckEnabled === false)
    throw unsupported("Health checks cannot be disabled for target groups with target type 'instance'");
  if (input.HealthCheckProtocol && input.HealthCheckProtocol !== 'HTTP')
    throw unsupported(`Berth's local load balancer health-checks over HTTP only, not ${input.HealthCheckProtocol}.`);
  if (input.Matcher?.GrpcCode !== undefined)
    throw unsupported('A gRPC matcher needs a gRPC target group; Berth serves HTTP1 target groups only.');
  const port = input.HealthCheckPort ?? base.port;
  if (port !== 'traffic-port' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
    throw validationError(`Health check port '${port}' must be 'traffic-port' or a port number between 1 and 65535`);
  const path = input.HealthCheckPath ?? base.path;
  if (!path.startsWith('/')) throw validationError(`Health check path '${path}' must begin with a '/' character`);
  const hc: HealthCheckConfig = {
    protocol: 'HTTP',
    port,
    path,
    intervalSeconds: input.HealthCheckIntervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? base.timeoutSeconds,
    healthyThreshold: input.HealthyThresholdCount ?? base.healthyThreshold,
    unhealthyThreshold: input.UnhealthyThresholdCount ?? base.unhealthyThreshold,
    matcher: input.Matcher?.HttpCode ?? base.matcher,
  };
  if (hc.timeoutSeconds >= hc.intervalSeconds) throw validationError('Health check interval must be greater than the timeout.');
  try {
    parseHttpCodeMatcher(hc.matcher);
  } catch (err) {
    if (err instanceof MatcherError) throw validationError(err.message);
    throw err;
  }
  return hc;
}

export function createTargetGroup(input: CreateTargetGroupInput, rt: Elbv2Runtime) {
  checkName('Target group', input.Name);
  const targetType = input.TargetType ?? 'instance';
  if (targetType !== 'instance')
    throw unsupported(`Berth's local load balancer registers container instances: target type must be 'instance', not '${targetType}'.`);
  if (!input.Protocol) throw validationError('A protocol must be specified');
  if (input.Protocol !== 'HTTP') throw unsupported(`Berth's local load balancer forwards HTTP only, not ${input.Protocol}.`);
  if (input.Port === undefined) throw validationError('A port must be specified');
  if (input.ProtocolVersion && input.ProtocolVersion !== 'HTTP1')
    throw unsupported(
      `Berth's local load balancer speaks HTTP/1.1 to targets: protocol version must be HTTP1, not ${input.ProtocolVersion}.`,
    );
  if (input.IpAddressType && input.IpAddressType !== 'ipv4')
    throw unsupported(`Target groups here are IPv4 only, not '${input.IpAddressType}'.`);
  if (input.TargetControlPort !== undefined) throw unsupported('Target control ports are not supported by the local load balancer.');
  const tags = input.Tags ?? [];
  checkTags(tags);
  const settings = {
    protocol: 'HTTP' as const,
    port: input.Port,
    vpcId: input.VpcId ?? LOCAL_VPC_ID,
    targetType: 'instance' as const,
    protocolVersion: 'HTTP1' as const,
    healthCheck: healthCheck(input, DEFAULT_HEALTH_CHECK),
  };
  return rt.state.exclusive(async () => {
    const existing = [...rt.state.targetGroups.values()].find((tg) => tg.name === input.Name);
    if (existing) {
      const { protocol, port, vpcId, targetType: type, protocolVersion, healthCheck: hc } = existing;
      if (!sameJson({ protocol, port, vpcId, targetType: type, protocolVersion, healthCheck: hc }, settings))
        throw elbError(
          'DuplicateTargetGroupNameException',
          `A target group with the same name '${input.Name}' exists, but with different settings`,
        );
      return { TargetGroups: [targetGroupView(existing, rt.state)] };
    }
    if (rt.state.targetGroups.size >= MAX_TARGET_GROUPS)
      throw elbError('TooManyTargetGroupsException', `You have reached the limit of ${MAX_TARGET_GROUPS} target groups.`);
    const tg: TargetGroupRecord = {
      arn: targetGroupArn(rt.scope, input.Name),
      name: input.Name,
      ...settings,
      tags,
      attributes: defaults(TARGET_GROUP_ATTRIBUTES),
    };
    await rt.state.putTargetGroup(tg);
    return { TargetGroups: [targetGroupView(tg, rt.state)] };
  });
}

export function describeTargetGroups(
  input: { LoadBalancerArn?: string; TargetGroupArns?: string[]; Names?: string[]; Marker?: string; PageSize?: number },
  rt: Elbv2Runtime,
) {
  const given = [input.LoadBalancerArn, input.TargetGroupArns?.length, input.Names?.length].filter(Boolean).length;
  if (given > 1) throw validationError('Only one of load balancer ARN, target group ARNs or names can be specified');
  let all = [...rt.state.targetGroups.values()];
  if (input.LoadBalancerArn) {
    requireLoadBalancer(rt, input.LoadBalancerArn);
    all = all.filter((tg) => rt.state.loadBalancerArnsOf(tg.arn).includes(input.LoadBalancerArn!));
  }
  const notFound = () => elbError('TargetGroupNotFoundException', 'One or more target groups not found');
  let chosen = selectAll(all, input.TargetGroupArns, (tg) => tg.arn, notFound);
  chosen = selectAll(chosen, input.Names, (tg) => tg.name, notFound);
  const { items, nextMarker } = page(chosen, input.Marker, input.PageSize);
  return { TargetGroups: items.map((tg) => targetGroupView(tg, rt.state)), NextMarker: nextMarker };
}

export function modifyTargetGroup(input: HealthCheckInput & { TargetGroupArn: string }, rt: Elbv2Runtime) {
  return rt.state.exclusive(async () => {
    const tg = requireTargetGroup(rt, input.TargetGroupArn);
    const next = { ...tg, healthCheck: healthCheck(input, tg.healthCheck) };
    await rt.state.putTargetGroup(next);
    return { TargetGroups: [targetGroupView(next, rt.state)] };
  });
}

/** A target group a listener forwards to cannot be deleted; one that is not there is already deleted. */
export function deleteTargetGroup(input: { TargetGroupArn: string }, rt: Elbv2Runtime) {
  return rt.state.exclusive(async () => {
    if (!rt.state.targetGroups.has(input.TargetGroupArn)) return {};
    if (rt.state.listenersUsing(input.TargetGroupArn).length)
      throw elbError('ResourceInUseException', `Target group '${input.TargetGroupArn}' is currently in use by a listener or a rule`);
    await rt.state.deleteTargetGroup(input.TargetGroupArn);
    await rt.lifecycle.refreshUse([]);
    return {};
  });
}

export function describeTargetGroupAttributes(input: { TargetGroupArn: string }, rt: Elbv2Runtime) {
  return { Attributes: toWire(requireTargetGroup(rt, input.TargetGroupArn).attributes) };
}

export function modifyTargetGroupAttributes(
  input: { TargetGroupArn: string; Attributes: { Key?: string; Value?: string }[] },
  rt: Elbv2Runtime,
) {
  return rt.state.exclusive(async () => {
    const tg = requireTargetGroup(rt, input.TargetGroupArn);
    const attributes = applyAttributes(TARGET_GROUP_ATTRIBUTES, tg.attributes, input.Attributes, 'Target group');
    await rt.state.putTargetGroup({ ...tg, attributes });
    return { Attributes: toWire(attributes) };
  });
}
