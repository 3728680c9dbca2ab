/**
 * What services behind load balancers need from Elastic Load Balancing v2:
 * check their target groups, register and deregister their tasks' targets,
 * read target health and the connection-draining delay. On AWS the real
 * service; locally the twin on the one local endpoint (same adapter).
 */

/** A target: the container instance's id as ELB knows it (EC2 instance id) and the task's host port. */
export interface Target {
  id: string;
  port: number;
}

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unhealthy.draining' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealthReport extends Target {
  state: TargetHealthState;
  /** ELB's reason code, e.g. Target.ResponseCodeMismatch. */
  reason?: string;
  description?: string;
}

export interface TargetGroupInfo {
  targetGroupArn: string;
  targetType: string;
  /** Load balancers forwarding to it: ECS refuses a target group that has none. */
  loadBalancerArns: string[];
}

/** The target group does not exist (any more). */
export class TargetGroupMissing extends Error {
  constructor(readonly targetGroupArn: string) {
    super(`target group ${targetGroupArn} not found`);
    this.name = 'TargetGroupMissing';
  }
}

export interface LoadBalancers {
  /** The target groups among `arns` that exist; missing ones are absent from the map. */
  describeTargetGroups(arns: readonly string[]): Promise<Map<string, TargetGroupInfo>>;
  /** `deregistration_delay.timeout_seconds`: how long a deregistered target drains. Throws TargetGroupMissing. */
  deregistrationDelaySeconds(targetGroupArn: string): Promise<number>;
  /** Idempotent. Throws TargetGroupMissing. */
  registerTargets(targetGroupArn: string, targets: readonly Target[]): Promise<void>;
  /** Idempotent: deregistering a target that is not registered (or a group that is gone) succeeds. */
  deregisterTargets(targetGroupArn: string, targets: readonly Target[]): Promise<void>;
  /** Health of the given targets (a target not registered is `unused`), or of every registered one. Throws TargetGroupMissing. */
  targetHealth(targetGroupArn: string, targets?: readonly Target[]): Promise<TargetHealthReport[]>;
}
