/**
 * Application Auto Scaling ARNs. The uuid after `scalingPolicy:` /
 * `scheduledAction:` is the scalable target's id (every policy and scheduled
 * action of a target shares it, as on AWS):
 *   arn:aws:autoscaling:<region>:<account>:scalingPolicy:<target id>:resource/ecs/<resource id>:policyName/<name>
 *   arn:aws:autoscaling:<region>:<account>:scheduledAction:<target id>:resource/ecs/<resource id>:scheduledActionName/<name>
 */
import type { ArnContext } from '../arn.js';

export const scalingPolicyArn = (ctx: ArnContext, targetId: string, namespace: string, resourceId: string, policyName: string) =>
  `arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:scalingPolicy:${targetId}:resource/${namespace}/${resourceId}:policyName/${policyName}`;

export const scheduledActionArn = (ctx: ArnContext, targetId: string, namespace: string, resourceId: string, name: string) =>
  `arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:scheduledAction:${targetId}:resource/${namespace}/${resourceId}:scheduledActionName/${name}`;

export interface PolicyArnParts {
  targetId: string;
  namespace: string;
  resourceId: string;
  policyName: string;
}

const POLICY_ARN =
  /^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:scalingPolicy:([0-9a-f-]{36}):resource\/([a-z-]+)\/(.+):policyName\/(.+)$/;

/** An Application Auto Scaling policy ARN (not an EC2 Auto Scaling one, whose resource is `autoScalingGroupName/…`). */
export function parseScalingPolicyArn(arn: string): PolicyArnParts | undefined {
  const m = POLICY_ARN.exec(arn);
  return m ? { targetId: m[1], namespace: m[2], resourceId: m[3], policyName: m[4] } : undefined;
}

export const cloudwatchAlarmArn = (ctx: ArnContext, alarmName: string) =>
  `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${alarmName}`;
