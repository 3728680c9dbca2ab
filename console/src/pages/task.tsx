import { describeTask, describeTaskDefinition, stopTask, type Task, type TaskDefinition } from '../api/ecs.js';
import { loadSettings } from '../api/credentials.js';
import { bindingLinks } from '../model/bindings.js';
import { ago, isoTime, lastSegment } from '../model/format.js';
import { familyRevision } from '../model/task-definition.js';
import { Badge, ConfirmButton, Empty, Facts, Polled, THead } from '../ui/components.js';
import { Link } from '../ui/router.js';
import { MOVING_MS, SETTLED_MS, usePoll } from '../ui/use-poll.js';

const IMMUTABLE_MS = 3_600_000;

export function TaskPage({ cluster, task }: { cluster: string; task: string }) {
  const poll = usePoll(
    async () => ({ task: await describeTask(cluster, task), now: Date.now() / 1000 }),
    [cluster, task],
    ({ task: t }) => (t && t.lastStatus === t.desiredStatus ? SETTLED_MS : MOVING_MS),
  );
  return (
    <section>
      <p class="crumbs">
        <Link to={{ page: 'clusters' }}>Clusters</Link> / <Link to={{ page: 'cluster', cluster }}>{cluster}</Link> /
      </p>
      <h1>Task {task}</h1>
      <Polled poll={poll} what={`task ${task}`}>
        {({ task: t, now }) =>
          t ? (
            <TaskDetails cluster={cluster} t={t} now={now} refresh={poll.refresh} />
          ) : (
            <Empty>
              No task {task} in cluster {cluster}.
            </Empty>
          )
        }
      </Polled>
    </section>
  );
}

function TaskDetails({ cluster, t, now, refresh }: { cluster: string; t: Task; now: number; refresh: () => void }) {
  const id = lastSegment(t.taskArn);
  const td = familyRevision(t.taskDefinitionArn ?? '');
  const service = t.group?.startsWith('service:') ? t.group.slice('service:'.length) : undefined;
  const definition = usePoll(() => describeTaskDefinition(t.taskDefinitionArn!), [t.taskDefinitionArn], IMMUTABLE_MS);
  const host = new URL(loadSettings().endpoint).hostname;
  return (
    <>
      <Facts
        items={[
          ['Last status', <Badge value={t.lastStatus} />],
          ['Desired status', t.desiredStatus],
          ['Health', <Badge value={t.healthStatus} />],
          [
            'Task definition',
            td.revision ? <Link to={{ page: 'revision', family: td.family, revision: td.revision }}>{td.label}</Link> : td.label,
          ],
          ['Service', service ? <Link to={{ page: 'service', cluster, service }}>{service}</Link> : (t.group ?? '—')],
          ['Container instance', <span class="mono">{lastSegment(t.containerInstanceArn)}</span>],
          ['Started', <time dateTime={isoTime(t.startedAt)}>{ago(t.startedAt, now)}</time>],
          ['Stopped', t.stoppedAt ? <time dateTime={isoTime(t.stoppedAt)}>{ago(t.stoppedAt, now)}</time> : '—'],
          ['Stopped reason', t.stoppedReason ? `${t.stoppedReason}${t.stopCode ? ` (${t.stopCode})` : ''}` : '—'],
          ['CPU / memory', `${t.cpu ?? '—'} units / ${t.memory ?? '—'} MiB`],
        ]}
      />
      {t.desiredStatus !== 'STOPPED' && (
        <div class="actions">
          <ConfirmButton
            label="Stop task"
            danger
            title={`Stop task ${id.slice(0, 12)}?`}
            confirmLabel="Stop task"
            onConfirm={() => stopTask(cluster, t.taskArn!, 'Stopped from the Berth console')}
            onDone={refresh}
          >
            <p>
              Its containers get SIGTERM, then SIGKILL after their stop timeout.
              {service ? ` Service ${service} will start a replacement.` : ''}
            </p>
          </ConfirmButton>
        </div>
      )}
      <h2>Containers</h2>
      <table>
        <THead columns={['Container', 'Image', 'Last status', 'Exit code', 'Reason', 'Health', 'Network bindings']} />
        <tbody>
          {(t.containers ?? []).map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td class="mono small">{c.image}</td>
              <td>
                <Badge value={c.lastStatus} />
              </td>
              <td class="num">{c.exitCode ?? '—'}</td>
              <td>{c.reason ?? '—'}</td>
              <td>
                <Badge value={c.healthStatus} />
              </td>
              <td>
                <ul class="plain">
                  {bindingLinks([c], host).map((b) => (
                    <li key={b.address + b.protocol}>
                      {b.url ? (
                        <a href={b.url} target="_blank" rel="noopener noreferrer" class="binding">
                          {b.address}
                        </a>
                      ) : (
                        b.address
                      )}{' '}
                      <span class="small muted">
                        → {b.containerPort}/{b.protocol}
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Logs</h2>
      <Logs cluster={cluster} t={t} definition={definition.data} />
    </>
  );
}

/**
 * No public API of Berth serves container logs (ECS leaves them to CloudWatch
 * Logs, which Berth has no twin of), so the console says where they are.
 */
function Logs({ cluster, t, definition }: { cluster: string; t: Task; definition?: TaskDefinition }) {
  const id = lastSegment(t.taskArn);
  return (
    <div class="notice muted">
      <p>
        Berth's APIs do not serve container logs: they stay on the container instance that ran the task (instance{' '}
        <code>{lastSegment(t.containerInstanceArn)}</code>). Read them there:
      </p>
      <ul>
        <li>
          with Berth's local cluster:{' '}
          <code>
            npm run logs -- {id} --cluster {cluster}
          </code>
        </li>
        {(t.containers ?? [])
          .filter((c) => c.runtimeId)
          .map((c) => (
            <li key={c.name}>
              container {c.name} on its host: <code>docker logs {c.runtimeId!.slice(0, 12)}</code>
            </li>
          ))}
      </ul>
      {definition?.containerDefinitions?.some((c) => c.logConfiguration) && (
        <p>
          Log configuration:{' '}
          {definition.containerDefinitions
            .filter((c) => c.logConfiguration)
            .map(
              (c) =>
                `${c.name}: ${c.logConfiguration!.logDriver}${Object.keys(c.logConfiguration!.options ?? {}).length ? ` ${JSON.stringify(c.logConfiguration!.options)}` : ''}`,
            )
            .join('; ')}
        </p>
      )}
    </div>
  );
}
