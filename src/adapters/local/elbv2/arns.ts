/**
 * ARNs as Elastic Load Balancing v2 writes them:
 *   arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>
 *   arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>
 *   arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb name>/<lb id>/<16 hex>
 */
import { randomBytes } from 'node:crypto';

export interface ArnScope {
  region: string;
  accountId: string;
}

const id16 = () => randomBytes(8).toString('hex');
const prefix = (s: ArnScope) => `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}`;

export const loadBalancerArn = (s: ArnScope, name: string) => `${prefix(s)}:loadbalancer/app/${name}/${id16()}`;
export const targetGroupArn = (s: ArnScope, name: string) => `${prefix(s)}:targetgroup/${name}/${id16()}`;

export function listenerArn(lbArn: string): string {
  const [head, tail] = lbArn.split(':loadbalancer/');
  return `${head}:listener/${tail}/${id16()}`;
}

export type ResourceKind = 'loadbalancer' | 'targetgroup' | 'listener';

/** The kind of an ELB ARN, or undefined for anything else. */
export function arnKind(arn: string): ResourceKind | undefined {
  const m = /^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:(loadbalancer|targetgroup|listener)\//.exec(arn);
  return m?.[1] as ResourceKind | undefined;
}
