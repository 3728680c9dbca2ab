/**
 * Which registered target gets the next request, as an Application Load
 * Balancer chooses: healthy targets only (draining ones never), in round robin
 * or by least outstanding requests; when every registered target is unhealthy
 * ALB "fails open" and routes to all of them. No candidate: the listener
 * answers 503.
 */
import type { TargetState } from './target-health.js';

export interface Candidate {
  key: string;
  state: TargetState;
  inFlight: number;
}

export type Algorithm = 'round_robin' | 'least_outstanding_requests';

export function routable<C extends Candidate>(targets: readonly C[]): C[] {
  const healthy = targets.filter((t) => t.state === 'healthy');
  if (healthy.length) return healthy;
  const live = targets.filter((t) => t.state !== 'draining' && t.state !== 'unused');
  return live.length && live.every((t) => t.state === 'unhealthy') ? live : [];
}

/** Round-robin position per target group; the picker advances it. */
export interface Cursor {
  next: number;
}

export function pickTarget<C extends Candidate>(targets: readonly C[], algorithm: Algorithm, cursor: Cursor): C | undefined {
  const candidates = routable(targets);
  if (!candidates.length) return undefined;
  const start = cursor.next++ % candidates.length;
  if (algorithm === 'round_robin') return candidates[start];
  // Least outstanding requests; ties go round robin so equal targets still share the load.
  let best = candidates[start];
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[(start + i) % candidates.length];
    if (c.inFlight < best.inFlight) best = c;
  }
  return best;
}
