/** AddTags, RemoveTags, DescribeTags on load balancers, target groups and listeners. */
import { arnKind } from './arns.js';
import { elbError, validationError } from './model.js';
import type { Tag } from './records.js';
import { checkTags, requireListener, requireLoadBalancer, requireTargetGroup } from './rules.js';
import type { Elbv2Runtime } from './runtime.js';

const MAX_RESOURCES = 20;

function resource(rt: Elbv2Runtime, arn: string): { tags: Tag[]; save: (tags: Tag[]) => Promise<void> } {
  switch (arnKind(arn)) {
    case 'loadbalancer': {
      const r = requireLoadBalancer(rt, arn);
      return { tags: r.tags, save: (tags) => rt.state.putLoadBalancer({ ...r, tags }) };
    }
    case 'targetgroup': {
      const r = requireTargetGroup(rt, arn);
      return { tags: r.tags, save: (tags) => rt.state.putTargetGroup({ ...r, tags }) };
    }
    case 'listener': {
      const r = requireListener(rt, arn);
      return { tags: r.tags, save: (tags) => rt.state.putListener({ ...r, tags }) };
    }
    default:
      throw elbError('LoadBalancerNotFoundException', `'${arn}' is not the ARN of a load balancer, target group or listener`);
  }
}

function checkCount(arns: readonly string[]) {
  if (arns.length > MAX_RESOURCES) throw validationError(`You can specify at most ${MAX_RESOURCES} resource ARNs.`);
}

export function addTags(input: { ResourceArns: string[]; Tags: Tag[] }, rt: Elbv2Runtime) {
  checkCount(input.ResourceArns);
  return rt.state.exclusive(async () => {
    const resources = input.ResourceArns.map((arn) => resource(rt, arn));
    for (const r of resources)
      checkTags(
        input.Tags,
        r.tags.filter((t) => !input.Tags.some((n) => n.Key === t.Key)),
      );
    for (const r of resources) await r.save([...r.tags.filter((t) => !input.Tags.some((n) => n.Key === t.Key)), ...input.Tags]);
    return {};
  });
}

export function removeTags(input: { ResourceArns: string[]; TagKeys: string[] }, rt: Elbv2Runtime) {
  checkCount(input.ResourceArns);
  return rt.state.exclusive(async () => {
    const resources = input.ResourceArns.map((arn) => resource(rt, arn));
    for (const r of resources) await r.save(r.tags.filter((t) => !input.TagKeys.includes(t.Key)));
    return {};
  });
}

export function describeTags(input: { ResourceArns: string[] }, rt: Elbv2Runtime) {
  checkCount(input.ResourceArns);
  return { TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: resource(rt, arn).tags })) };
}
