import { describeCluster, listInstances, listServices, listTasks, setInstanceState, type ContainerInstance } from '../api/ecs.js';
import { deploymentsInOrder, steadiness } from '../model/deployments.js';
import { lastSegment } from '../model/format.js';
import { familyRevision } from '../model/task-definition.js';
import { attribute, clusterUtilization, instanceUtilization } from '../model/utilization.js';
import { Badge, Bar, ConfirmButton, Empty, Facts, Polled, THead } from '../ui/components.js';
import { Link } from '../ui/router.js';
import { TasksTable } from '../ui/tasks-table.js';
import { MOVING_MS, SETTLED_MS, usePoll } from '../ui/use-poll.js';

async function loadCluster(cluster: string) {
  const [info, instances, services, tasks] = await Promise.all([
    describeCluster(cluster),
    listInstances(cluster),
    listServices(cluster),
    listTasks(cluster),
  ]);
  return { info, instances, services, tasks, now: Date.now() / 1000 };
}

export function ClusterPage({ cluster }: { cluster: string }) {
  const poll = usePoll(
    () => loadCluster(cluster),
    [cluster],
    ({ services, tasks }) =>
      services.every((s) => steadiness(s) === 'steady') && tasks.every((t) => t.lastStatus === t.desiredStatus) ? SETTLED_MS : MOVING_MS,
  );
  return (
    <section>
      <p class="crumbs">
        <Link to={{ page: 'clusters' }}>Clusters</Link> /
      </p>
      <h1>Cluster {cluster}</h1>
      <Polled poll={poll} what={`cluster ${cluster}`}>
        {({ info, instances, services, tasks, now }) => {
          if (!info || info.status === 'INACTIVE') return <Empty>Cluster {cluster} does not exist (or was deleted).</Empty>;
          const total = clusterUtilization(instances);
          return (
            <>
              <Facts
                items={[
                  ['Status', <Badge value={info.status} />],
                  ['Container instances', instances.length],
                  ['Services', services.length],
                  ['Running tasks', info.runningTasksCount ?? 0],
                  ['Pending tasks', info.pendingTasksCount ?? 0],
                  ['CPU reserved', <Bar label="Cluster CPU" used={total.cpu.used} total={total.cpu.registered} unit="units" />],
                  ['Memory reserved', <Bar label="Cluster memory" used={total.memory.used} total={total.memory.registered} unit="MiB" />],
                ]}
              />
              <h2 id="instances">Container instances</h2>
              <InstancesTable cluster={cluster} instances={instances} onChanged={poll.refresh} />
              <div class="section-head">
                <h2 id="services">Services</h2>
                <Link to={{ page: 'create-service', cluster }} class="button primary">
                  Create service
                </Link>
              </div>
              {services.length === 0 ? (
                <Empty>No services in this cluster.</Empty>
              ) : (
                <table>
                  <THead
                    columns={[
                      'Service',
                      'Status',
                      { label: 'Desired', num: true },
                      { label: 'Running', num: true },
                      { label: 'Pending', num: true },
                      'Task definition',
                      'Rollout',
                    ]}
                  />
                  <tbody>
                    {services.map((s) => (
                      <tr key={s.serviceArn}>
                        <th scope="row">
                          <Link to={{ page: 'service', cluster, service: s.serviceName! }}>{s.serviceName}</Link>
                        </th>
                        <td>
                          <Badge value={s.status} />
                        </td>
                        <td class="num">{s.desiredCount}</td>
                        <td class="num">{s.runningCount}</td>
                        <td class="num">{s.pendingCount}</td>
                        <td>{familyRevision(s.taskDefinition ?? '').label}</td>
                        <td>
                          <Badge value={steadiness(s)} /> <span class="small muted">{deploymentsInOrder(s)[0]?.rolloutState}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h2 id="tasks">Tasks</h2>
              <TasksTable cluster={cluster} tasks={tasks} now={now} onChanged={poll.refresh} />
            </>
          );
        }}
      </Polled>
    </section>
  );
}

function InstancesTable({ cluster, instances, onChanged }: { cluster: string; instances: ContainerInstance[]; onChanged: () => void }) {
  if (instances.length === 0)
    return (
      <Empty>
        No container instances. Start an agent: <code>npm run agent -- --endpoint URL --cluster {cluster}</code>
      </Empty>
    );
  const sorted = [...instances].sort((a, b) =>
    `${attribute(a, 'ecs.availability-zone')}${a.containerInstanceArn}`.localeCompare(
      `${attribute(b, 'ecs.availability-zone')}${b.containerInstanceArn}`,
    ),
  );
  return (
    <table class="instances">
      <THead
        columns={[
          'Instance',
          'Zone',
          'Status',
          'Agent',
          'CPU reserved',
          'Memory reserved',
          { label: 'Running tasks', num: true },
          { label: 'Pending', num: true },
          { label: 'Actions', hidden: true },
        ]}
      />
      <tbody>
        {sorted.map((ci) => {
          const id = lastSegment(ci.containerInstanceArn);
          const use = instanceUtilization(ci);
          return (
            <tr key={ci.containerInstanceArn} data-instance={id}>
              <th scope="row" class="mono" title={ci.containerInstanceArn}>
                {id.slice(0, 12)}
                <div class="small muted">{ci.ec2InstanceId ?? attribute(ci, 'berth.driver')}</div>
              </th>
              <td>{attribute(ci, 'ecs.availability-zone') ?? '—'}</td>
              <td>
                <Badge value={ci.status} />
              </td>
              <td>
                <Badge value={ci.agentConnected ? 'connected' : 'disconnected'} />
              </td>
              <td>
                <Bar label={`CPU of ${id.slice(0, 12)}`} used={use.cpu.used} total={use.cpu.registered} unit="units" />
              </td>
              <td>
                <Bar label={`Memory of ${id.slice(0, 12)}`} used={use.memory.used} total={use.memory.registered} unit="MiB" />
              </td>
              <td class="num">{ci.runningTasksCount ?? 0}</td>
              <td class="num">{ci.pendingTasksCount ?? 0}</td>
              <td>
                {ci.status === 'ACTIVE' && (
                  <ConfirmButton
                    label="Drain"
                    danger
                    title={`Drain instance ${id.slice(0, 12)}?`}
                    confirmLabel="Drain"
                    onConfirm={() => setInstanceState(cluster, ci.containerInstanceArn!, 'DRAINING')}
                    onDone={onChanged}
                  >
                    <p>
                      No new tasks will be placed on it, and its service tasks will be moved to other instances within each service's
                      deployment limits. Tasks not in a service keep running.
                    </p>
                  </ConfirmButton>
                )}
                {ci.status === 'DRAINING' && (
                  <ConfirmButton
                    label="Activate"
                    title={`Activate instance ${id.slice(0, 12)}?`}
                    confirmLabel="Activate"
                    onConfirm={() => setInstanceState(cluster, ci.containerInstanceArn!, 'ACTIVE')}
                    onDone={onChanged}
                  >
                    <p>Tasks may be placed on it again.</p>
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
