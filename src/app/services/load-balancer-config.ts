/**
 * A service's `loadBalancers`, checked as ECS checks them on CreateService and
 * UpdateService: at most 5, Application Load Balancer target groups only (no
 * Classic Load Balancer names), the container and port exist in the task
 * definition, and each target group exists, has a load balancer and takes
 * instance targets (Berth's tasks run in bridge or host network mode).
 */
import type { LoadBalancer } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import type { AppContext } from '../context.js';

export const MAX_LOAD_BALANCERS = 5;

export async function checkLoadBalancers(
  ctx: AppContext,
  loadBalancers: readonly LoadBalancer[],
  td: TaskDefinitionRecord,
): Promise<LoadBalancer[]> {
  if (loadBalancers.length > MAX_LOAD_BALANCERS)
    throw invalidParameter(
      `A service can have at most ${MAX_LOAD_BALANCERS} load balancers (target groups); ${loadBalancers.length} were given.`,
    );
  const out: LoadBalancer[] = [];
  for (const lb of loadBalancers) {
    if (lb.loadBalancerName !== undefined)
      throw invalidParameter(
        'loadBalancerName names a Classic Load Balancer, which Berth does not register tasks with: give the targetGroupArn of an Application Load Balancer target group.',
      );
    if (!lb.targetGroupArn) throw invalidParameter('targetGroupArn must be specified for each load balancer.');
    if (!lb.containerName || lb.containerPort === undefined)
      throw invalidParameter(`containerName and containerPort must be specified for target group ${lb.targetGroupArn}.`);
    const container = td.containerDefinitions.find((c) => c.name === lb.containerName);
    if (!container) throw invalidParameter(`The container ${lb.containerName} does not exist in the task definition.`);
    if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort && (p.protocol ?? 'tcp') === 'tcp'))
      throw invalidParameter(`The container ${lb.containerName} did not have a container port ${lb.containerPort} defined.`);
    if (out.some((o) => o.targetGroupArn === lb.targetGroupArn))
      throw invalidParameter(`The target group ${lb.targetGroupArn} is specified more than once.`);
    out.push({ targetGroupArn: lb.targetGroupArn, containerName: lb.containerName, containerPort: lb.containerPort });
  }
  if (!out.length) return out;
  const groups = await ctx.loadBalancers.describeTargetGroups(out.map((lb) => lb.targetGroupArn!));
  const networkMode = td.networkMode ?? 'bridge';
  for (const { targetGroupArn } of out) {
    const tg = groups.get(targetGroupArn!);
    if (!tg) throw invalidParameter(`The target group with targetGroupArn ${targetGroupArn} does not exist.`);
    if (!tg.loadBalancerArns.length)
      throw invalidParameter(`The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`);
    if (tg.targetType !== 'instance')
      throw invalidParameter(
        `The provided target group ${targetGroupArn} has target type ${tg.targetType}, which is incompatible with the ${networkMode} network mode specified in the task definition.`,
      );
  }
  return out;
}

/** Whether two load balancer lists differ (order matters to nobody, so it is ignored). */
export function loadBalancersChanged(a: readonly LoadBalancer[], b: readonly LoadBalancer[]): boolean {
  const canon = (l: readonly LoadBalancer[]) => JSON.stringify(l.map((x) => [x.targetGroupArn, x.containerName, x.containerPort]).sort());
  return canon(a) !== canon(b);
}
