/** Tasks of a cluster or a service: status, where they run, and a Stop action. */
import { stopTask, type Task } from '../api/ecs.js';
import { ago, lastSegment } from '../model/format.js';
import { familyRevision } from '../model/task-definition.js';
import { Badge, ConfirmButton, Empty, THead } from './components.js';
import { Link } from './router.js';

export function TasksTable({ cluster, tasks, now, onChanged }: { cluster: string; tasks: Task[]; now: number; onChanged: () => void }) {
  if (tasks.length === 0) return <Empty>No tasks.</Empty>;
  const live = tasks.filter((t) => t.desiredStatus !== 'STOPPED' || t.lastStatus !== 'STOPPED');
  const stopped = tasks.filter((t) => !live.includes(t)).sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0));
  return (
    <table class="tasks">
      <THead
        columns={[
          'Task',
          'Last status',
          'Desired',
          'Health',
          'Task definition',
          'Group',
          'Container instance',
          'Started',
          { label: 'Actions', hidden: true },
        ]}
      />
      <tbody>
        {[...live.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0)), ...stopped].map((t) => {
          const id = lastSegment(t.taskArn);
          return (
            <tr key={t.taskArn} class={t.lastStatus === 'STOPPED' ? 'dim' : undefined}>
              <th scope="row">
                <Link to={{ page: 'task', cluster, task: id }} class="mono">
                  {id.slice(0, 12)}
                </Link>
              </th>
              <td>
                <Badge value={t.lastStatus} />
                {t.stoppedReason && <div class="small muted">{t.stoppedReason}</div>}
              </td>
              <td>{t.desiredStatus}</td>
              <td>
                <Badge value={t.healthStatus} />
              </td>
              <td>{familyRevision(t.taskDefinitionArn ?? '').label}</td>
              <td>
                {t.group?.startsWith('service:') ? (
                  <Link to={{ page: 'service', cluster, service: t.group.slice('service:'.length) }}>{t.group}</Link>
                ) : (
                  (t.group ?? '—')
                )}
              </td>
              <td class="mono">{lastSegment(t.containerInstanceArn).slice(0, 12)}</td>
              <td>{ago(t.startedAt ?? t.createdAt, now)}</td>
              <td>
                {t.desiredStatus !== 'STOPPED' && (
                  <ConfirmButton
                    label="Stop"
                    danger
                    title={`Stop task ${id.slice(0, 12)}?`}
                    confirmLabel="Stop task"
                    onConfirm={() => stopTask(cluster, t.taskArn!, 'Stopped from the Berth console')}
                    onDone={onChanged}
                  >
                    <p>
                      Task <code>{id}</code> will be stopped.{' '}
                      {t.group?.startsWith('service:') ? 'Its service will start a replacement.' : ''}
                    </p>
                  </ConfirmButton>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
