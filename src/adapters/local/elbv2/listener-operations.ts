/** CreateListener, DescribeListeners, DeleteListener: each listener is a real port on 127.0.0.1. */
import { listenerArn } from './arns.js';
import { PortUnavailable } from './data-plane.js';
import { elbError, unsupported, validationError } from './model.js';
import { page } from './paging.js';
import type { ForwardAction, ListenerRecord, Tag } from './records.js';
import { checkTags, requireListener, requireLoadBalancer, requireTargetGroup, sameJson, selectAll } from './rules.js';
import type { Elbv2Runtime } from './runtime.js';
import { listenerView } from './views.js';

const MAX_LISTENERS = 50;

interface ActionInput {
  Type: string;
  TargetGroupArn?: string;
  Order?: number;
  ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string; Weight?: number }[]; TargetGroupStickinessConfig?: { Enabled?: boolean } };
  [other: string]: unknown;
}

interface CreateListenerInput {
  LoadBalancerArn: string;
  Protocol?: string;
  Port?: number;
  SslPolicy?: string;
  Certificates?: unknown[];
  DefaultActions: ActionInput[];
  AlpnPolicy?: string[];
  Tags?: Tag[];
  MutualAuthentication?: unknown;
}

/** One forward action to one target group, or to several with weights (ForwardConfig). */
function forwardAction(actions: readonly ActionInput[], rt: Elbv2Runtime): ForwardAction {
  if (actions.length !== 1) throw unsupported("Berth's local load balancer takes exactly one default action: a forward to target groups.");
  const a = actions[0];
  if (a.Type !== 'forward')
    throw unsupported(`Berth's local load balancer forwards requests only; the action type '${a.Type}' is not supported.`);
  const extra = Object.keys(a).filter((k) => !['Type', 'TargetGroupArn', 'Order', 'ForwardConfig'].includes(k));
  if (extra.length) throw elbError('InvalidLoadBalancerActionException', `A forward action cannot have ${extra.join(', ')}.`);
  if (a.ForwardConfig?.TargetGroupStickinessConfig?.Enabled)
    throw unsupported("Berth's local load balancer does not keep target group stickiness.");
  const fromConfig = (a.ForwardConfig?.TargetGroups ?? []).map((g) => ({ arn: g.TargetGroupArn ?? '', weight: g.Weight ?? 1 }));
  if (a.TargetGroupArn && fromConfig.length && !(fromConfig.length === 1 && fromConfig[0].arn === a.TargetGroupArn))
    throw elbError(
      'InvalidLoadBalancerActionException',
      'You cannot specify both a target group ARN and a forward config with different target groups.',
    );
  const groups = fromConfig.length ? fromConfig : a.TargetGroupArn ? [{ arn: a.TargetGroupArn, weight: 1 }] : [];
  if (!groups.length) throw validationError('A target group ARN must be specified for a forward action');
  for (const g of groups) {
    if (!g.arn) throw validationError('A target group ARN must be specified for a forward action');
    requireTargetGroup(rt, g.arn);
  }
  if (new Set(groups.map((g) => g.arn)).size !== groups.length)
    throw elbError('InvalidLoadBalancerActionException', 'A target group appears twice in the forward action.');
  return { targetGroups: groups };
}

export function createListener(input: CreateListenerInput, rt: Elbv2Runtime) {
  if (input.Protocol && input.Protocol !== 'HTTP')
    throw elbError('UnsupportedProtocolException', `Berth's local load balancer listens over HTTP only, not ${input.Protocol}.`);
  if (input.Certificates?.length || input.SslPolicy || input.AlpnPolicy?.length || input.MutualAuthentication)
    throw unsupported(
      'Certificates, SSL and ALPN policies and mutual authentication need an HTTPS listener; Berth listens over HTTP only.',
    );
  if (input.Port === undefined) throw validationError('A listener port must be specified');
  const tags = input.Tags ?? [];
  checkTags(tags);
  const port = input.Port;
  return rt.state.exclusive(async () => {
    const lb = requireLoadBalancer(rt, input.LoadBalancerArn);
    const action = forwardAction(input.DefaultActions, rt);
    for (const g of action.targetGroups) {
      const other = rt.state.loadBalancerArnsOf(g.arn).find((arn) => arn !== lb.arn);
      if (other)
        throw elbError(
          'TargetGroupAssociationLimitException',
          `The target group '${g.arn}' is already associated with load balancer '${other}'.`,
        );
    }
    const samePort = [...rt.state.listeners.values()].find((l) => l.port === port);
    if (samePort?.loadBalancerArn === lb.arn) {
      if (samePort.protocol === 'HTTP' && sameJson(samePort.action, action)) return { Listeners: [listenerView(samePort)] };
      throw elbError('DuplicateListenerException', `A listener already exists on this port for this load balancer '${lb.arn}'`);
    }
    if (samePort) throw portTaken(port, `listener ${samePort.arn} of another load balancer listens there`);
    if (rt.state.listenersOf(lb.arn).length >= MAX_LISTENERS)
      throw elbError(
        'TooManyListenersException',
        `You have reached the limit of ${MAX_LISTENERS} listeners for load balancer '${lb.arn}'.`,
      );
    const listener: ListenerRecord = { arn: listenerArn(lb.arn), loadBalancerArn: lb.arn, port, protocol: 'HTTP', action, tags };
    try {
      await rt.dataPlane.bind(listener);
    } catch (err) {
      if (err instanceof PortUnavailable) throw portTaken(port, describeBindError(err.code));
      throw err;
    }
    try {
      await rt.state.putListener(listener);
    } catch (err) {
      await rt.dataPlane.unbind(listener.arn);
      throw err;
    }
    await rt.lifecycle.refreshUse(action.targetGroups.map((g) => g.arn));
    return { Listeners: [listenerView(listener)] };
  });
}

const portTaken = (port: number, why: string) =>
  unsupported(`The listener port ${port} is not available on this machine (${why}): choose another port for the listener.`);

function describeBindError(code: string): string {
  if (code === 'EADDRINUSE') return 'another process already listens on it';
  if (code === 'EACCES') return 'ports below 1024 need privileges';
  return code;
}

export function describeListeners(
  input: { LoadBalancerArn?: string; ListenerArns?: string[]; Marker?: string; PageSize?: number },
  rt: Elbv2Runtime,
) {
  if (!input.LoadBalancerArn && !input.ListenerArns?.length)
    throw validationError('You must specify either listener ARNs or a load balancer ARN');
  if (input.LoadBalancerArn && input.ListenerArns?.length)
    throw validationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  let all = [...rt.state.listeners.values()];
  if (input.LoadBalancerArn) {
    requireLoadBalancer(rt, input.LoadBalancerArn);
    all = all.filter((l) => l.loadBalancerArn === input.LoadBalancerArn).sort((a, b) => a.port - b.port);
  }
  const chosen = selectAll(
    all,
    input.ListenerArns,
    (l) => l.arn,
    () => elbError('ListenerNotFoundException', 'One or more listeners not found'),
  );
  const { items, nextMarker } = page(chosen, input.Marker, input.PageSize);
  return { Listeners: items.map(listenerView), NextMarker: nextMarker };
}

export function deleteListener(input: { ListenerArn: string }, rt: Elbv2Runtime) {
  return rt.state.exclusive(async () => {
    const listener = requireListener(rt, input.ListenerArn);
    await rt.state.deleteListener(listener.arn);
    await rt.dataPlane.unbind(listener.arn);
    await rt.lifecycle.refreshUse(listener.action.targetGroups.map((g) => g.arn));
    return {};
  });
}
