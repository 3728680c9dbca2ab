/** CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer and the load balancer's attributes. */
import { applyAttributes, defaults, LOAD_BALANCER_ATTRIBUTES, toWire } from './attributes.js';
import { loadBalancerArn } from './arns.js';
import { elbError, unsupported } from './model.js';
import { page } from './paging.js';
import type { LoadBalancerRecord, Tag } from './records.js';
import { checkName, checkTags, requireLoadBalancer, sameJson, selectAll } from './rules.js';
import type { Elbv2Runtime } from './runtime.js';
import { loadBalancerView } from './views.js';

const MAX_LOAD_BALANCERS = 50;

interface CreateLoadBalancerInput {
  Name: string;
  Subnets?: string[];
  SubnetMappings?: {
    SubnetId?: string;
    AllocationId?: string;
    PrivateIPv4Address?: string;
    IPv6Address?: string;
    SourceNatIpv6Prefix?: string;
  }[];
  SecurityGroups?: string[];
  Scheme?: 'internet-facing' | 'internal';
  Tags?: Tag[];
  Type?: string;
  IpAddressType?: string;
  CustomerOwnedIpv4Pool?: string;
  EnablePrefixForIpv6SourceNat?: string;
  IpamPools?: unknown;
}

export function createLoadBalancer(input: CreateLoadBalancerInput, rt: Elbv2Runtime) {
  checkName('Load balancer', input.Name);
  if (input.Type && input.Type !== 'application')
    throw unsupported(`Berth's local load balancer serves Application Load Balancers only, not type '${input.Type}'.`);
  if (input.IpAddressType && input.IpAddressType !== 'ipv4')
    throw unsupported(`Berth's local load balancer listens on IPv4 (127.0.0.1) only, not '${input.IpAddressType}'.`);
  if (input.CustomerOwnedIpv4Pool || input.EnablePrefixForIpv6SourceNat || input.IpamPools)
    throw unsupported("Berth's local load balancer does not use customer-owned pools, IPAM pools or IPv6 source NAT.");
  for (const m of input.SubnetMappings ?? []) {
    if (m.AllocationId || m.PrivateIPv4Address || m.IPv6Address || m.SourceNatIpv6Prefix || !m.SubnetId)
      throw unsupported('Subnet mappings of an Application Load Balancer name a subnet only (addresses are for Network Load Balancers).');
  }
  if (input.Subnets?.length && input.SubnetMappings?.length) throw unsupported('Specify either subnets or subnet mappings, not both.');
  const tags = input.Tags ?? [];
  checkTags(tags);
  const settings = {
    scheme: input.Scheme ?? 'internet-facing',
    subnets: input.Subnets ?? input.SubnetMappings?.map((m) => m.SubnetId!) ?? [],
    securityGroups: input.SecurityGroups ?? [],
  } as const;
  return rt.state.exclusive(async () => {
    const existing = [...rt.state.loadBalancers.values()].find((lb) => lb.name === input.Name);
    if (existing) {
      const { scheme, subnets, securityGroups } = existing;
      if (!sameJson({ scheme, subnets, securityGroups }, settings))
        throw elbError(
          'DuplicateLoadBalancerNameException',
          `A load balancer with the same name '${input.Name}' exists, but with different settings`,
        );
      return { LoadBalancers: [loadBalancerView(existing, rt.scope.region)] };
    }
    if (rt.state.loadBalancers.size >= MAX_LOAD_BALANCERS)
      throw elbError('TooManyLoadBalancersException', `You have reached the limit of ${MAX_LOAD_BALANCERS} load balancers.`);
    const lb: LoadBalancerRecord = {
      arn: loadBalancerArn(rt.scope, input.Name),
      name: input.Name,
      createdTime: rt.now() / 1000,
      ...settings,
      subnets: [...settings.subnets],
      securityGroups: [...settings.securityGroups],
      tags,
      attributes: defaults(LOAD_BALANCER_ATTRIBUTES),
    };
    await rt.state.putLoadBalancer(lb);
    return { LoadBalancers: [loadBalancerView(lb, rt.scope.region)] };
  });
}

export function describeLoadBalancers(
  input: { LoadBalancerArns?: string[]; Names?: string[]; Marker?: string; PageSize?: number },
  rt: Elbv2Runtime,
) {
  if (input.LoadBalancerArns?.length && input.Names?.length)
    throw unsupported('Load balancer names and load balancer ARNs cannot be specified at the same time');
  const all = [...rt.state.loadBalancers.values()];
  const notFound = () => elbError('LoadBalancerNotFoundException', 'One or more load balancers not found');
  let chosen = selectAll(all, input.LoadBalancerArns, (lb) => lb.arn, notFound);
  chosen = selectAll(chosen, input.Names, (lb) => lb.name, notFound);
  const { items, nextMarker } = page(chosen, input.Marker, input.PageSize);
  return { LoadBalancers: items.map((lb) => loadBalancerView(lb, rt.scope.region)), NextMarker: nextMarker };
}

/** Deletes the load balancer and its listeners (their ports close); a load balancer that is not there is already deleted. */
export function deleteLoadBalancer(input: { LoadBalancerArn: string }, rt: Elbv2Runtime) {
  return rt.state.exclusive(async () => {
    const lb = rt.state.loadBalancers.get(input.LoadBalancerArn);
    if (!lb) return {};
    if (lb.attributes['deletion_protection.enabled'] === 'true')
      throw elbError(
        'OperationNotPermittedException',
        `Load balancer '${lb.arn}' cannot be deleted because deletion protection is enabled`,
      );
    const listeners = rt.state.listenersOf(lb.arn);
    for (const l of listeners) {
      await rt.state.deleteListener(l.arn);
      await rt.dataPlane.unbind(l.arn);
    }
    await rt.state.deleteLoadBalancer(lb.arn);
    await rt.lifecycle.refreshUse(listeners.flatMap((l) => l.action.targetGroups.map((g) => g.arn)));
    return {};
  });
}

export function describeLoadBalancerAttributes(input: { LoadBalancerArn: string }, rt: Elbv2Runtime) {
  return { Attributes: toWire(requireLoadBalancer(rt, input.LoadBalancerArn).attributes) };
}

export function modifyLoadBalancerAttributes(
  input: { LoadBalancerArn: string; Attributes: { Key?: string; Value?: string }[] },
  rt: Elbv2Runtime,
) {
  return rt.state.exclusive(async () => {
    const lb = requireLoadBalancer(rt, input.LoadBalancerArn);
    const attributes = applyAttributes(LOAD_BALANCER_ATTRIBUTES, lb.attributes, input.Attributes, 'Load balancer');
    await rt.state.putLoadBalancer({ ...lb, attributes });
    return { Attributes: toWire(attributes) };
  });
}
