/**
 * A service task's targets in its load balancers' target groups, as ECS
 * tracks them: registered once the task is RUNNING, deregistered before it
 * is stopped, and drained (the target group's deregistration delay) before
 * its containers get SIGTERM. Pure predicates over the task record.
 */
export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unhealthy.draining' | 'unused' | 'draining' | 'unavailable';

export interface TaskTarget {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
  /** The container instance as ELB knows it (its EC2 instance id, else Berth's id). */
  id: string;
  /** The task's host port for containerName:containerPort. */
  port: number;
  /** What ELB last reported (undefined until first read). */
  health?: TargetHealthState;
  reason?: string;
  description?: string;
}

/**
 * REGISTERING: the registration is being (or must be) made; REGISTERED: ELB
 * has the targets; DRAINING: deregistered, connections draining until
 * `drainedAt`; DEREGISTERED: done (the task had stopped before it could drain).
 */
export type TargetsState = 'REGISTERING' | 'REGISTERED' | 'DRAINING' | 'DEREGISTERED';

export interface TaskLoadBalancing {
  state: TargetsState;
  targets: TaskTarget[];
  /** Epoch seconds: a DRAINING task's containers may be stopped from then on. */
  drainedAt?: number;
}

interface WithTargets {
  loadBalancing?: TaskLoadBalancing;
}

/** ELB may route to the task (or is about to): its targets must be deregistered before it stops. */
export const holdsTargets = (t: WithTargets): boolean =>
  t.loadBalancing?.state === 'REGISTERING' || t.loadBalancing?.state === 'REGISTERED';

/** Whether a task asked to stop may be handed to its agent (SIGTERM) now: nothing registered and draining is over. */
export function drained(t: WithTargets, nowMs: number): boolean {
  const lb = t.loadBalancing;
  if (!lb || lb.state === 'DEREGISTERED') return true;
  return lb.state === 'DRAINING' && lb.drainedAt !== undefined && nowMs / 1000 >= lb.drainedAt;
}

/** Every target registered and healthy in its target group. */
export const targetsHealthy = (t: WithTargets): boolean =>
  t.loadBalancing?.state === 'REGISTERED' && t.loadBalancing.targets.every((x) => x.health === 'healthy');
