/**
 * "Stable" exactly as `aws ecs wait services-stable` decides it (the
 * ServicesStable waiter): exactly one deployment and runningCount ==
 * desiredCount; a MISSING, DRAINING or INACTIVE service is a failure.
 */
import { DescribeServicesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';

export class ServiceNotStableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceNotStableError';
  }
}

export function isStable(s: Service): boolean {
  return s.deployments?.length === 1 && s.runningCount === s.desiredCount;
}

/** One line for a person watching: counts and the rollout. */
export function progressLine(s: Service): string {
  const rollouts = (s.deployments ?? []).map(
    (d) => `${d.status?.toLowerCase()} ${d.runningCount}/${d.desiredCount}${d.rolloutState ? ` ${d.rolloutState}` : ''}`,
  );
  return `running ${s.runningCount}/${s.desiredCount}, pending ${s.pendingCount} · deployments: ${rollouts.join('; ') || 'none'}`;
}

/** The service as DescribeServices shows it; the waiter's failure states throw. */
export async function describeService(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const s = out.services?.[0];
  if (!s) throw new ServiceNotStableError(`service ${service} is ${out.failures?.[0]?.reason ?? 'MISSING'} in cluster ${cluster}`);
  if (s.status === 'DRAINING' || s.status === 'INACTIVE') throw new ServiceNotStableError(`service ${service} is ${s.status}`);
  return s;
}

export interface WaitStableOptions {
  timeoutMs?: number;
  everyMs?: number;
  /** Called with each DescribeServices answer, to show progress. */
  onPoll?: (s: Service) => void;
}

/** Polls DescribeServices until the service is stable; resolves with that answer. */
export async function waitServiceStable(ecs: ECSClient, cluster: string, service: string, opts: WaitStableOptions = {}): Promise<Service> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const s = await describeService(ecs, cluster, service);
    opts.onPoll?.(s);
    if (isStable(s)) return s;
    if (Date.now() > deadline)
      throw new ServiceNotStableError(
        `service ${service} not stable after ${Math.round((opts.timeoutMs ?? 120_000) / 1000)} s: ${progressLine(s)}`,
      );
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 500));
  }
}
