import type { TaskRecord } from '../../domain/task.js';
import type { AgentConnectionStore, ConnectionPusher } from '../../ports/agent-channel.js';
import type { PlanCommit, TaskRepository } from '../../ports/task-repository.js';
import type { ChannelFrame } from '../../protocol/index.js';

export interface AgentPush {
  connections: AgentConnectionStore;
  pusher: ConnectionPusher;
  log: { warn(message: string, detail: Record<string, unknown>): void };
}

/**
 * Wakes an instance's agent over its WebSocket, naming the tasks that changed;
 * the agent polls on the socket at once. A push is best effort and never fails
 * the commit it follows: an agent that misses one hears of the work at its
 * next heartbeat poll. A connection API Gateway no longer knows (GoneException)
 * is forgotten.
 */
export async function wakeAgent(push: AgentPush, cluster: string, instanceId: string, taskArns: string[]): Promise<void> {
  try {
    const connectionId = await push.connections.connectionOf(cluster, instanceId);
    if (!connectionId) return;
    const frame: ChannelFrame = { type: 'wake', taskArns };
    if ((await push.pusher.push(connectionId, JSON.stringify(frame))) === 'gone')
      await push.connections.close({ connectionId, cluster, instanceId });
  } catch (err) {
    push.log.warn('agent push failed; the agent hears of it at its next poll', { cluster, instanceId, error: String(err) });
  }
}

/**
 * The task repository, pushing to agents as soon as a placement or a stop is
 * committed: every write of assignments goes through commit (a decision's
 * placements and stops), placeProvisioned (tasks that waited for capacity) or transition (a live placed task's desired status
 * turning STOPPED), whichever use case made it (RunTask, StartTask, StopTask,
 * the reconciler's placements, scale-ins, rollouts and drains).
 */
export function pushingTaskRepository(inner: TaskRepository, push: AgentPush): TaskRepository {
  const wakeAll = (tasks: readonly TaskRecord[]) => {
    const byInstance = new Map<string, { cluster: string; instanceId: string; arns: string[] }>();
    for (const t of tasks) {
      if (!t.containerInstanceId) continue;
      const k = `${t.clusterName}/${t.containerInstanceId}`;
      const entry = byInstance.get(k) ?? { cluster: t.clusterName, instanceId: t.containerInstanceId, arns: [] };
      entry.arns.push(t.taskArn);
      byInstance.set(k, entry);
    }
    return Promise.all([...byInstance.values()].map((e) => wakeAgent(push, e.cluster, e.instanceId, e.arns)));
  };
  return {
    get: (cluster, id) => inner.get(cluster, id),
    getMany: (cluster, ids) => inner.getMany(cluster, ids),
    liveOnInstance: (cluster, instanceId) => inner.liveOnInstance(cluster, instanceId),
    ofService: (cluster, service, since) => inner.ofService(cluster, service, since),
    list: (query) => inner.list(query),
    setTags: (cluster, id, change) => inner.setTags(cluster, id, change),
    provisioning: (cluster) => inner.provisioning(cluster),
    async placeProvisioned(tasks) {
      // A task waiting in PROVISIONING got its instance: wake that instance's agent once the placement is committed.
      try {
        await inner.placeProvisioned(tasks);
      } finally {
        await wakeAll(tasks.map((t) => t.task));
      }
    },
    async commit(plan: PlanCommit) {
      try {
        return await inner.commit(plan);
      } finally {
        // Chunks committed before a conflict stay committed: wake their agents too (a spare wake costs one poll).
        // A planned stop names only its task: its instance is read back (stops are few next to their writes).
        const stopped = plan.stop?.length
          ? [
              ...(
                await inner
                  .getMany(
                    plan.cluster,
                    plan.stop.map((s) => s.taskId),
                  )
                  .catch(() => new Map<string, TaskRecord>())
              ).values(),
            ]
          : [];
        await wakeAll([...(plan.place ?? []), ...stopped]);
      }
    },
    async transition(...args: Parameters<TaskRepository['transition']>) {
      const [cluster, id, change, known] = args;
      let stopOrdered = false;
      const out = await inner.transition(
        cluster,
        id,
        (current) => {
          const next = change(current);
          stopOrdered = !!next && current.desiredStatus !== 'STOPPED' && next.desiredStatus === 'STOPPED' && next.lastStatus !== 'STOPPED';
          return next;
        },
        known,
      );
      if (out?.changed && stopOrdered) await wakeAll([out.task]);
      return out;
    },
  };
}
