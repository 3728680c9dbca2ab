import { deploymentSettings, isActive, isHealthy, taskBounds } from '../../../src/scheduler/reconcile/index.js';
import type { Invariant } from './invariant.js';
import { short } from './invariant.js';

/**
 * Scale-in: the scheduler stops PRIMARY tasks on usable instances only beyond
 * the desired count (two passes deciding on the same snapshot must not each
 * stop their own victims). maximumPercent: no step that starts a task of a service leaves it with more
 * live (running or pending, desired RUNNING) tasks than maximumPercent of any
 * desired count it had during the step. minimumHealthyPercent: when the
 * service scheduler stops tasks that were healthy, at least
 * minimumHealthyPercent of the lowest desired count of the step stays
 * healthy, counting generously every task that was or became healthy in the
 * step (a task an agent reported on may have been healthy when the pass read
 * it). Stops by users, agents, health checks and lost hosts are not the
 * service's decision.
 */
export const serviceBounds = (): Invariant => ({
  name: 'service-bounds',
  holds:
    'a service never has more than maximumPercent of desired running or pending, never stops below minimumHealthyPercent by its own decision, and never scales in below its desired count',
  check({ before, after, log }) {
    const out: string[] = [];
    for (const [name, { record }] of after.services) {
      const previous = before.services.get(name)?.record;
      const sameIncarnation = previous?.createdAt === record.createdAt;
      const desired = [record.desiredCount, ...(sameIncarnation ? [previous!.desiredCount] : []), ...(log.desiredAttempts.get(name) ?? [])];
      const settings = deploymentSettings(record);
      const ofService = (tasks: typeof after.tasks) => [...tasks.values()].map((v) => v.task).filter((t) => t.serviceName === name);

      const active = ofService(after.tasks).filter((t) => isActive(t));
      const started = active.filter((t) => !before.tasks.has(t.taskId));
      const { maxLive } = taskBounds(Math.max(...desired), settings);
      if (started.length && active.length > maxLive)
        out.push(
          `${name}: started ${started.map((t) => short(t.taskId)).join(', ')} with ${active.length} live > maximumPercent cap ${maxLive}`,
        );

      if (!sameIncarnation || previous!.status !== 'ACTIVE' || record.status !== 'ACTIVE') continue;
      const now = after.at;
      const stoppedByScheduler = (id: string) => {
        const t = after.tasks.get(id)?.task;
        return (
          t !== undefined && t.desiredStatus === 'STOPPED' && t.stopCode === 'ServiceSchedulerInitiated' && t.healthStatus !== 'UNHEALTHY'
        );
      };

      // Scale-in: the scheduler stops PRIMARY tasks on usable instances only beyond the desired count.
      const primary = record.deployments.find((d) => d.status === 'PRIMARY')?.id;
      if (primary && previous!.deployments.find((d) => d.status === 'PRIMARY')?.id === primary) {
        const wanted = [
          ...ofService(before.tasks).filter((t) => isActive(t)),
          ...ofService(after.tasks).filter((t) => !before.tasks.has(t.taskId)),
        ].filter((t) => t.deploymentId === primary);
        const usable = (instanceId?: string) =>
          instanceId !== undefined &&
          before.instances.get(instanceId)?.status === 'ACTIVE' &&
          after.instances.get(instanceId)?.status === 'ACTIVE';
        const scaledIn = wanted.filter((t) => usable(t.containerInstanceId) && stoppedByScheduler(t.taskId));
        const excess = Math.max(0, wanted.length - Math.min(...desired));
        if (scaledIn.length > excess)
          out.push(
            `${name}: the scheduler stopped ${scaledIn.length} healthy PRIMARY tasks (${scaledIn.map((t) => short(t.taskId)).join(', ')}) ` +
              `but only ${excess} were beyond the desired count (${wanted.length} wanted, desired ${Math.min(...desired)})`,
          );
      }

      const wasHealthy = ofService(before.tasks).filter((t) => isHealthy(t, now));
      const stoppedHealthy = wasHealthy.filter((t) => stoppedByScheduler(t.taskId));
      if (!stoppedHealthy.length) continue;
      const stoppedIds = new Set(stoppedHealthy.map((t) => t.taskId));
      const couldCount = new Set(
        [...wasHealthy, ...ofService(after.tasks).filter((t) => isHealthy(t, now) || log.reported.has(t.taskArn))]
          .map((t) => t.taskId)
          .filter((id) => !stoppedIds.has(id)),
      );
      const { minHealthy } = taskBounds(Math.min(...desired), settings);
      if (couldCount.size < minHealthy)
        out.push(
          `${name}: stopped healthy ${[...stoppedIds].map(short).join(', ')} leaving at most ${couldCount.size} healthy < minimumHealthyPercent floor ${minHealthy}`,
        );
    }
    return out;
  },
});
