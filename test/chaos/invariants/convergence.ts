import { deploymentSettings, taskBounds } from '../../../src/scheduler/reconcile/index.js';
import type { ServiceRecord } from '../../../src/domain/service.js';
import type { ConvergenceCondition } from './invariant.js';
import { short } from './invariant.js';

/**
 * A deployment its own configuration blocks, as ECS's does: at this desired count maximumPercent
 * leaves no room for an extra task and minimumHealthyPercent allows no stop (svc-api at desired 1:
 * max 100% → 1, min 50% rounded up → 1). ECS reports it ("unable to stop or start tasks during a
 * deployment because of the service deployment configuration") and waits for a change.
 */
function blockedByConfiguration(s: ServiceRecord): boolean {
  const { maxLive, minHealthy } = taskBounds(s.desiredCount, deploymentSettings(s));
  return maxLive <= s.desiredCount && minHealthy >= s.desiredCount && s.desiredCount > 0;
}

/**
 * Every ACTIVE service runs exactly its desired count, healthy, on one completed deployment
 * (or, when its configuration blocks the deployment, still on the older one); deleted ones are gone.
 */
const servicesSteady: ConvergenceCondition = {
  name: 'services-steady',
  holds: 'once faults stop, every service reaches its desired count and a steady state within a bounded number of passes',
  check(_world, now) {
    const out: string[] = [];
    const live = [...now.tasks.values()].map((v) => v.task).filter((t) => t.lastStatus !== 'STOPPED');
    for (const { record: s } of now.services.values()) {
      if (s.status === 'INACTIVE') continue;
      if (s.status === 'DRAINING') {
        out.push(`${s.serviceName}: still DRAINING`);
        continue;
      }
      const mine = live.filter((t) => t.serviceName === s.serviceName);
      const healthyRunning = mine.filter(
        (t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && t.healthStatus !== 'UNHEALTHY',
      );
      const d = s.deployments[0];
      if ((s.deployments.length !== 1 || d?.rolloutState !== 'COMPLETED') && !blockedByConfiguration(s))
        out.push(`${s.serviceName}: ${s.deployments.length} deployments, primary ${d?.rolloutState}`);
      if (s.runningCount !== s.desiredCount || s.pendingCount !== 0)
        out.push(`${s.serviceName}: runningCount ${s.runningCount}, pendingCount ${s.pendingCount}, desired ${s.desiredCount}`);
      if (healthyRunning.length !== s.desiredCount || mine.length !== s.desiredCount)
        out.push(`${s.serviceName}: ${healthyRunning.length} healthy running of ${mine.length} live tasks, desired ${s.desiredCount}`);
    }
    return out;
  },
};

/** Each host runs exactly what the record says it runs, and has nothing left to report. */
const agentsInSync: ConvergenceCondition = {
  name: 'agents-in-sync',
  holds: 'every report is eventually acknowledged, exactly once in effect: each host runs exactly what the record says',
  check(world, now) {
    const out: string[] = [];
    const live = [...now.tasks.values()].map((v) => v.task).filter((t) => t.lastStatus !== 'STOPPED');
    for (const agent of world.agents) {
      if (agent.queue.length) out.push(`host ${agent.host}: ${agent.queue.length} reports never acknowledged`);
      const here = new Set(agent.running().map((t) => t.arn));
      const recorded = new Set(live.filter((t) => t.containerInstanceId === agent.instanceId).map((t) => t.taskArn));
      for (const arn of here)
        if (!recorded.has(arn)) out.push(`host ${agent.host} runs ${short(arn.split('/').pop())}, not live in the record`);
      for (const arn of recorded)
        if (!here.has(arn)) out.push(`record has ${short(arn.split('/').pop())} live on host ${agent.host}, which does not run it`);
    }
    const owned = new Set(world.agents.map((a) => a.instanceId));
    for (const t of live) {
      if (!owned.has(t.containerInstanceId))
        out.push(`task ${short(t.taskId)} live on instance ${short(t.containerInstanceId)}, which no host polls`);
    }
    return out;
  },
};

export const CONVERGENCE: readonly ConvergenceCondition[] = [servicesSteady, agentsInSync];
