import type { Invariant } from './invariant.js';
import { short } from './invariant.js';

/**
 * A task whose container health check fails is stopped by the first pass
 * after its service's health-check grace period: a completed pass that
 * started after the grace period ended leaves no RUNNING task that was
 * UNHEALTHY before the step (and not reported on during it) still wanted.
 */
export const healthReplacement = (): Invariant => ({
  name: 'health-replacement',
  holds: 'a task failing its health check is stopped by the first pass after the grace period',
  check({ before, after, log }) {
    const passed = log.step.actions.some((a, i) => a.kind === 'pass' && log.outcomes[i]!.kind === 'ok');
    if (!passed) return [];
    const out: string[] = [];

    for (const { task: b } of before.tasks.values()) {
      if (!b.serviceName || b.lastStatus !== 'RUNNING' || b.desiredStatus !== 'RUNNING' || b.healthStatus !== 'UNHEALTHY') continue;
      const service = before.services.get(b.serviceName)?.record;
      if (service?.status !== 'ACTIVE' || after.services.get(b.serviceName)?.record.status !== 'ACTIVE') continue;
      const graceEndsMs = Math.ceil(((b.startedAt ?? b.createdAt) + (service.healthCheckGracePeriodSeconds ?? 0)) * 1000);
      if (graceEndsMs > log.step.at || log.reported.has(b.taskArn)) continue;
      const a = after.tasks.get(b.taskId)?.task;
      if (a && a.lastStatus === 'RUNNING' && a.desiredStatus === 'RUNNING' && a.healthStatus === 'UNHEALTHY')
        out.push(`${b.serviceName}: task ${short(b.taskId)} UNHEALTHY past its grace period survived a completed pass`);
    }
    return out;
  },
});
