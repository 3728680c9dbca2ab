/**
 * What the Elastic Load Balancing v2 twin keeps, in DynamoDB Local (its own
 * table) and in memory: load balancers, target groups, listeners and
 * registered targets. Field names follow the API's shapes; times are epoch
 * seconds.
 */
import type { TargetHealth } from './target-health.js';

export interface Tag {
  Key: string;
  Value?: string;
}

export interface LoadBalancerRecord {
  arn: string;
  name: string;
  createdTime: number;
  scheme: 'internet-facing' | 'internal';
  subnets: string[];
  securityGroups: string[];
  tags: Tag[];
  /** Load balancer attributes, every key with its value (defaults included). */
  attributes: Record<string, string>;
}

export interface HealthCheckConfig {
  protocol: 'HTTP';
  /** 'traffic-port' or a port number. */
  port: string;
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** Matcher.HttpCode, e.g. "200" or "200-299". */
  matcher: string;
}

export interface TargetGroupRecord {
  arn: string;
  name: string;
  protocol: 'HTTP';
  port: number;
  vpcId: string;
  targetType: 'instance';
  protocolVersion: 'HTTP1';
  healthCheck: HealthCheckConfig;
  tags: Tag[];
  /** Target group attributes, every key with its value (defaults included). */
  attributes: Record<string, string>;
}

/** The forward action of a listener: one target group, or several with weights. */
export interface ForwardAction {
  targetGroups: { arn: string; weight: number }[];
}

export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP';
  action: ForwardAction;
  tags: Tag[];
}

export interface TargetRecord {
  targetGroupArn: string;
  id: string;
  port: number;
  registeredAt: number;
  health: TargetHealth;
  /** Epoch ms: when a draining target is removed at the latest (the target group's deregistration delay). */
  drainingUntil?: number;
}

export const targetKey = (id: string, port: number) => `${id}:${port}`;
