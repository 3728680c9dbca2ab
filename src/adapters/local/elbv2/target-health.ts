/**
 * A registered target's health as an Application Load Balancer reports it
 * (DescribeTargetHealth): the state, AWS's reason code and description, and
 * the consecutive passes or failures that move it between states. Pure: the
 * health checker feeds it check results, the twin stores what it returns.
 */
export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export type TargetReason =
  | 'Elb.RegistrationInProgress'
  | 'Elb.InitialHealthChecking'
  | 'Target.ResponseCodeMismatch'
  | 'Target.Timeout'
  | 'Target.FailedHealthChecks'
  | 'Target.NotRegistered'
  | 'Target.NotInUse'
  | 'Target.DeregistrationInProgress';

export interface TargetHealth {
  state: TargetState;
  reason?: TargetReason;
  description?: string;
  /** Consecutive successful checks (reset by a failure). */
  passes: number;
  /** Consecutive failed checks (reset by a success). */
  failures: number;
}

export interface Thresholds {
  healthy: number;
  unhealthy: number;
}

/** One health check's outcome; a failure carries the reason ALB would give. */
export type CheckResult =
  { ok: true } | { ok: false; reason: 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks'; description: string };

export const DESCRIPTIONS = {
  registrationInProgress: 'Target registration is in progress',
  initialHealthChecking: 'Initial health checks in progress',
  notRegistered: 'Target is not registered to the target group',
  notInUse: 'Target group is not configured to receive traffic from the load balancer',
  deregistrationInProgress: 'Target deregistration is in progress',
  timeout: 'Request timed out',
  failed: 'Health checks failed',
  codes: (status: number) => `Health checks failed with these codes: [${status}]`,
} as const;

/** A target just registered in a target group a listener uses: no check has run yet. */
export const justRegistered = (): TargetHealth => ({
  state: 'initial',
  reason: 'Elb.RegistrationInProgress',
  description: DESCRIPTIONS.registrationInProgress,
  passes: 0,
  failures: 0,
});

/** A target of a target group no listener forwards to: ALB does not health-check it. */
export const notInUse = (): TargetHealth => ({
  state: 'unused',
  reason: 'Target.NotInUse',
  description: DESCRIPTIONS.notInUse,
  passes: 0,
  failures: 0,
});

export const draining = (): TargetHealth => ({
  state: 'draining',
  reason: 'Target.DeregistrationInProgress',
  description: DESCRIPTIONS.deregistrationInProgress,
  passes: 0,
  failures: 0,
});

/**
 * The health after one check. `healthy` needs `thresholds.healthy` passes in a
 * row (from initial or unhealthy); `unhealthy` needs `thresholds.unhealthy`
 * failures in a row (from initial or healthy). Draining and unused targets are
 * not checked, so a result for them changes nothing.
 */
export function afterCheck(current: TargetHealth, result: CheckResult, thresholds: Thresholds): TargetHealth {
  if (current.state === 'draining' || current.state === 'unused') return current;
  if (result.ok) {
    const passes = current.passes + 1;
    if (current.state === 'healthy' || passes >= thresholds.healthy) return { state: 'healthy', passes, failures: 0 };
    if (current.state === 'unhealthy') return { ...current, passes, failures: 0 };
    return { state: 'initial', reason: 'Elb.InitialHealthChecking', description: DESCRIPTIONS.initialHealthChecking, passes, failures: 0 };
  }
  const failures = current.failures + 1;
  if (current.state === 'unhealthy' || failures >= thresholds.unhealthy) {
    return { state: 'unhealthy', reason: result.reason, description: result.description, passes: 0, failures };
  }
  if (current.state === 'healthy') return { state: 'healthy', passes: 0, failures };
  return { state: 'initial', reason: 'Elb.InitialHealthChecking', description: DESCRIPTIONS.initialHealthChecking, passes: 0, failures };
}

/** Whether the state a client sees changed (counters alone are not worth a write). */
export const visiblyChanged = (a: TargetHealth, b: TargetHealth) =>
  a.state !== b.state || a.reason !== b.reason || a.description !== b.description;
