/**
 * The container instances managed scale-in must keep: ECS managed termination
 * protection keeps every instance that runs a task other than a DAEMON
 * service's (daemon tasks run everywhere, so an instance running only them is
 * idle), and task scale-in protection (UpdateTaskProtection) keeps the
 * instance of every protected task, a daemon's too. Only instances running
 * nothing but daemon tasks cost a read (their live tasks, for protection).
 */
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import { isProtected } from '../../domain/task.js';
import { nonDaemonTasks } from '../../scheduler/capacity/scale-decision.js';
import type { AppContext } from '../context.js';

type Instance = Pick<ContainerInstanceRecord, 'id' | 'status' | 'runningTasksCount' | 'pendingTasksCount' | 'taskGroups'>;

/** Ids of the instances among `instances` that scale-in must not take. */
export async function instancesKeptFromScaleIn(
  ctx: AppContext,
  cluster: string,
  instances: readonly Instance[],
  now: number,
): Promise<Set<string>> {
  const withTasks = instances.filter((ci) => ci.status !== 'INACTIVE' && ci.runningTasksCount + ci.pendingTasksCount > 0);
  const kept = new Set<string>();
  if (!withTasks.length) return kept;
  const daemonGroups = (await ctx.services.listAll(cluster))
    .filter((s) => s.record.schedulingStrategy === 'DAEMON')
    .map((s) => `service:${s.record.serviceName}`);
  for (const ci of withTasks) {
    if (nonDaemonTasks(ci, daemonGroups) > 0) kept.add(ci.id);
    else if ((await ctx.tasks.liveOnInstance(cluster, ci.id)).some((t) => isProtected(t.task, now))) kept.add(ci.id);
  }
  return kept;
}
