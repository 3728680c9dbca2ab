import type { TaskRecord } from '../../domain/task.js';
import type { AgentConnectionStore, ConnectionPusher } from '../../ports/agent-channel.js';
import type { PlanCommit, TaskRepository } from '../../ports/task-repository.js';
import { MAX_CHANNEL_FRAME_BYTES, type ChannelFrame, type RunAssignment } from '../../protocol/index.js';
import { buildTaskSpec } from './build-task-spec.js';
import type { DefinitionLookup } from './definition-cache.js';

export interface AgentPush {
  connections: AgentConnectionStore;
  pusher: ConnectionPusher;
  /** The revisions placed tasks run, to push their specs (cached per process: revisions never change). */
  definitions: DefinitionLookup;
  log: { warn(message: string, detail: Record<string, unknown>): void };
}

/**
 * Wakes an instance's agent over its WebSocket, naming the tasks that changed
 * and carrying the run assignments of those placed (the agent starts them at
 * once, without a poll); for the others it polls on the socket at once. A
 * push is best effort and never fails the commit it follows: an agent that
 * misses one hears of the work at its next heartbeat poll. A connection API
 * Gateway no longer knows (GoneException) is forgotten.
 */
export async function wakeAgent(
  push: AgentPush,
  cluster: string,
  instanceId: string,
  taskArns: string[],
  runs: RunAssignment[] = [],
): Promise<void> {
  try {
    const connectionId = await push.connections.connectionOf(cluster, instanceId);
    if (!connectionId) return;
    const bare: ChannelFrame = { type: 'wake', taskArns };
    let frame = JSON.stringify(runs.length ? { ...bare, tasks: runs } : bare);
    // Orders too large for one message: the agent polls for them (over HTTP if the answer is too large too).
    if (Buffer.byteLength(frame, 'utf8') > MAX_CHANNEL_FRAME_BYTES) frame = JSON.stringify(bare);
    if ((await push.pusher.push(connectionId, frame)) === 'gone') await push.connections.close({ connectionId, cluster, instanceId });
  } catch (err) {
    push.log.warn('agent push failed; the agent hears of it at its next poll', { cluster, instanceId, error: String(err) });
  }
}

/** A committed placement as a poll would list it (same spec builder), or undefined when its revision cannot be read now. */
async function runAssignment(push: AgentPush, task: TaskRecord): Promise<RunAssignment | undefined> {
  try {
    const td = await push.definitions(task.family, task.revision);
    return td && { taskArn: task.taskArn, desiredStatus: 'RUNNING', spec: buildTaskSpec(task, td) };
  } catch {
    return undefined; // the agent polls for it
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
  /**
   * One wake per instance. `placed`: tasks whose placement is surely
   * committed, pushed whole; a task whose commit may have failed is only
   * named (the agent's poll tells), never handed over to run.
   */
  const wakeAll = (tasks: readonly TaskRecord[], placed: readonly TaskRecord[] = []) => {
    const byInstance = new Map<string, { cluster: string; instanceId: string; arns: string[]; placed: TaskRecord[] }>();
    const entryOf = (cluster: string, instanceId: string) => {
      const k = `${cluster}/${instanceId}`;
      const entry = byInstance.get(k) ?? { cluster, instanceId, arns: [], placed: [] };
      byInstance.set(k, entry);
      return entry;
    };
    for (const t of tasks) if (t.containerInstanceId) entryOf(t.clusterName, t.containerInstanceId).arns.push(t.taskArn);
    for (const t of placed)
      if (t.containerInstanceId && t.desiredStatus === 'RUNNING') entryOf(t.clusterName, t.containerInstanceId).placed.push(t);
    return Promise.all(
      [...byInstance.values()].map(async (e) => {
        const runs = (await Promise.all(e.placed.map((t) => runAssignment(push, t)))).filter((r) => r !== undefined);
        await wakeAgent(push, e.cluster, e.instanceId, e.arns, runs);
      }),
    );
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
      let committed = false;
      try {
        await inner.placeProvisioned(tasks);
        committed = true;
      } finally {
        await wakeAll(
          tasks.map((t) => t.task),
          committed ? tasks.map((t) => t.task) : [],
        );
      }
    },
    async commit(plan: PlanCommit) {
      let committed = false;
      try {
        const version = await inner.commit(plan);
        committed = true;
        return version;
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
        await wakeAll([...(plan.place ?? []), ...stopped], committed ? plan.place : []);
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
