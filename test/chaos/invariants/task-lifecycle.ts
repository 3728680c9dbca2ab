import { keys } from '../../../src/adapters/dynamodb/keys.js';
import { batchGetAll } from '../../../src/adapters/dynamodb/read-all.js';
import { decodeTask, type TaskItem } from '../../../src/adapters/dynamodb/task-items.js';
import { statusRank } from '../../../src/domain/task.js';
import { CLUSTER } from '../catalog.js';
import type { Invariant } from './invariant.js';
import { short } from './invariant.js';

/**
 * A task only moves forward (status rank, desired RUNNING → STOPPED, a
 * STOPPED task never changes or comes back), no task vanishes from the
 * record, and what a host really runs is in the record: live on that host,
 * or STOPPED because the control plane declared the host lost (the agent is
 * then told it is unknown and stops it).
 */
export const taskLifecycle = (): Invariant => ({
  name: 'task-lifecycle',
  holds: 'a task never moves backwards; nothing running is lost from the record',
  async check({ before, after, world }) {
    const out: string[] = [];
    for (const [id, { task: a, version: va }] of after.tasks) {
      const b = before.tasks.get(id);
      if (a.lastStatus !== 'STOPPED' && before.stopped.has(id)) out.push(`task ${short(id)} STOPPED before is ${a.lastStatus} again`);
      if (!b) continue;
      if (statusRank(a.lastStatus) < statusRank(b.task.lastStatus))
        out.push(`task ${short(id)} moved back from ${b.task.lastStatus} to ${a.lastStatus}`);
      if (b.task.desiredStatus === 'STOPPED' && a.desiredStatus !== 'STOPPED')
        out.push(`task ${short(id)} desired STOPPED, then ${a.desiredStatus}`);
      if (b.task.lastStatus === 'STOPPED' && va !== b.version) out.push(`STOPPED task ${short(id)} was written again`);
      if (va < b.version) out.push(`task ${short(id)} version went back from ${b.version} to ${va}`);
    }
    for (const id of after.vanished) out.push(`task ${short(id)} vanished from the record`);

    const onHosts = world.agents.flatMap((agent) => agent.running().map((t) => ({ agent, t })));
    const missing = onHosts.filter(({ t }) => !after.tasks.has(idOf(t.arn))).map(({ t }) => idOf(t.arn));
    const fetched = new Map(
      (
        await batchGetAll<TaskItem>(
          world.checkerDb,
          world.config.tableName,
          missing.map((id) => keys.task(CLUSTER, id)),
        )
      ).map((i) => [i.task.taskId, decodeTask(i.task)]),
    );
    for (const { agent, t } of onHosts) {
      const id = idOf(t.arn);
      const record = after.tasks.get(id)?.task ?? fetched.get(id);
      if (!record) out.push(`host ${agent.host} runs task ${short(id)}, which is not in the record`);
      else if (record.lastStatus !== 'STOPPED' && record.containerInstanceId !== agent.instanceId)
        out.push(`host ${agent.host} runs task ${short(id)}, recorded on instance ${short(record.containerInstanceId)}`);
      else if (record.lastStatus === 'STOPPED' && record.connectivity !== 'DISCONNECTED')
        out.push(
          `host ${agent.host} runs task ${short(id)} (${t.status}), recorded STOPPED (${record.stoppedReason}) without its host being lost`,
        );
    }
    return out;
  },
});

const idOf = (arn: string) => arn.split('/').pop()!;
