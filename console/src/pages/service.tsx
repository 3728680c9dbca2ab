import { useEffect, useRef, useState } from 'preact/hooks';
import { describeService, listTasks, updateService, type Service } from '../api/ecs.js';
import { loadServiceScaling, loadServiceUtilization } from '../api/scaling.js';
import { deploymentsInOrder, steadiness } from '../model/deployments.js';
import { eventsNewestFirst, newEventIds } from '../model/events.js';
import { ago, isoTime } from '../model/format.js';
import { familyRevision } from '../model/task-definition.js';
import { ActionDialog, Badge, Bar, ConfirmButton, Empty, Facts, Polled, THead } from '../ui/components.js';
import { Link } from '../ui/router.js';
import { ScalingSection } from '../ui/scaling-section.js';
import { TasksTable } from '../ui/tasks-table.js';
import { MOVING_MS, SETTLED_MS, usePoll } from '../ui/use-poll.js';
import { UtilizationChart } from '../ui/utilization-chart.js';

async function loadService(cluster: string, service: string) {
  const [svc, tasks] = await Promise.all([describeService(cluster, service), listTasks(cluster, { serviceName: service }).catch(() => [])]);
  return { svc, tasks, now: Date.now() / 1000 };
}

export function ServicePage({ cluster, service }: { cluster: string; service: string }) {
  const poll = usePoll(
    () => loadService(cluster, service),
    [cluster, service],
    ({ svc, tasks }) =>
      svc && steadiness(svc) === 'steady' && tasks.every((t) => t.lastStatus === t.desiredStatus) ? SETTLED_MS : MOVING_MS,
  );
  return (
    <section>
      <p class="crumbs">
        <Link to={{ page: 'clusters' }}>Clusters</Link> / <Link to={{ page: 'cluster', cluster }}>{cluster}</Link> /
      </p>
      <h1>Service {service}</h1>
      <Polled poll={poll} what={`service ${service}`}>
        {({ svc, tasks, now }) =>
          !svc ? (
            <Empty>
              Service {service} does not exist in cluster {cluster}.
            </Empty>
          ) : (
            <ServiceDetails key={`${cluster}/${service}`} cluster={cluster} svc={svc} tasks={tasks} now={now} refresh={poll.refresh} />
          )
        }
      </Polled>
    </section>
  );
}

function ServiceDetails({
  cluster,
  svc,
  tasks,
  now,
  refresh,
}: {
  cluster: string;
  svc: Service;
  tasks: Awaited<ReturnType<typeof listTasks>>;
  now: number;
  refresh: () => void;
}) {
  const name = svc.serviceName!;
  const td = familyRevision(svc.taskDefinition ?? '');
  const active = svc.status === 'ACTIVE';
  return (
    <>
      <Facts
        items={[
          ['Status', <Badge value={svc.status} />],
          ['Rollout', <Badge value={steadiness(svc)} />],
          ['Desired', <span data-testid="desired-count">{svc.desiredCount}</span>],
          ['Running', <span data-testid="running-count">{svc.runningCount}</span>],
          ['Pending', <span data-testid="pending-count">{svc.pendingCount}</span>],
          [
            'Task definition',
            td.revision ? <Link to={{ page: 'revision', family: td.family, revision: td.revision }}>{td.label}</Link> : td.label,
          ],
          ['Launch type', svc.launchType],
          ['Created', <time dateTime={isoTime(svc.createdAt)}>{ago(svc.createdAt, now)}</time>],
        ]}
      />
      {active && (
        <div class="actions">
          <DesiredCountForm cluster={cluster} service={svc} onDone={refresh} />
          <ConfirmButton
            label="Force new deployment"
            title={`Force a new deployment of ${name}?`}
            confirmLabel="Force new deployment"
            onConfirm={() => updateService({ cluster, service: name, forceNewDeployment: true })}
            onDone={refresh}
          >
            <p>Every task of {name} is replaced with a new one of the same task definition, within the deployment limits.</p>
          </ConfirmButton>
        </div>
      )}
      <h2>Deployments</h2>
      <Deployments svc={svc} now={now} />
      <h2>Events</h2>
      <Events svc={svc} now={now} />
      <h2>Tasks</h2>
      <TasksTable cluster={cluster} tasks={tasks} now={now} onChanged={refresh} />
      <h2>Placement and deployment settings</h2>
      <Facts
        items={[
          [
            'Placement strategy',
            svc.placementStrategy?.length
              ? svc.placementStrategy.map((s) => `${s.type}${s.field ? `(${s.field})` : ''}`).join(', ')
              : 'none',
          ],
          [
            'Placement constraints',
            svc.placementConstraints?.length
              ? svc.placementConstraints.map((c) => `${c.type}${c.expression ? `: ${c.expression}` : ''}`).join('; ')
              : 'none',
          ],
          ['Minimum healthy percent', svc.deploymentConfiguration?.minimumHealthyPercent],
          ['Maximum percent', svc.deploymentConfiguration?.maximumPercent],
          [
            'Circuit breaker',
            svc.deploymentConfiguration?.deploymentCircuitBreaker?.enable
              ? `on${svc.deploymentConfiguration.deploymentCircuitBreaker.rollback ? ', with rollback' : ''}`
              : 'off',
          ],
          [
            'Deployment alarms',
            svc.deploymentConfiguration?.alarms?.enable
              ? `${svc.deploymentConfiguration.alarms.alarmNames?.join(', ')}${svc.deploymentConfiguration.alarms.rollback ? ', with rollback' : ''}`
              : 'off',
          ],
          ['Health check grace period', svc.healthCheckGracePeriodSeconds !== undefined ? `${svc.healthCheckGracePeriodSeconds} s` : '—'],
          ['Scheduling strategy', svc.schedulingStrategy],
        ]}
      />
      <h2>Load balancers</h2>
      {svc.loadBalancers?.length ? (
        <ul>
          {svc.loadBalancers.map((lb, i) => (
            <li key={i}>
              {lb.targetGroupArn ?? lb.loadBalancerName} → container <code>{lb.containerName}</code> port {lb.containerPort}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No load balancers.</Empty>
      )}
      <ServiceScaling cluster={cluster} service={name} />
      <ServiceMetrics cluster={cluster} service={name} />
    </>
  );
}

function DesiredCountForm({ cluster, service, onDone }: { cluster: string; service: Service; onDone: () => void }) {
  const [value, setValue] = useState(String(service.desiredCount ?? 0));
  const [asking, setAsking] = useState<number | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  // Follow the service's count (changed by autoscaling or someone else) unless the field is being edited.
  useEffect(() => {
    if (document.activeElement !== input.current) setValue(String(service.desiredCount ?? 0));
  }, [service.desiredCount]);
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        // Sent as typed (a whole number): the API decides what it accepts, and its refusal is shown as it words it.
        setAsking(Number(value));
      }}
    >
      <label for="desired-count">Desired tasks</label>
      <input
        id="desired-count"
        ref={input}
        type="number"
        step={1}
        required
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit">Update desired count</button>
      {asking !== undefined && (
        <ActionDialog
          title={`Set the desired count of ${service.serviceName} to ${asking}?`}
          confirmLabel="Update service"
          onConfirm={() => updateService({ cluster, service: service.serviceName!, desiredCount: asking })}
          onClose={(done) => {
            setAsking(undefined);
            if (done) onDone();
            else input.current?.focus();
          }}
        >
          <p>
            {service.serviceName} runs {service.runningCount} of {service.desiredCount} tasks now; Berth will start or stop tasks until{' '}
            {asking} run.
          </p>
        </ActionDialog>
      )}
    </form>
  );
}

function Deployments({ svc, now }: { svc: Service; now: number }) {
  const deployments = deploymentsInOrder(svc);
  if (deployments.length === 0) return <Empty>No deployments.</Empty>;
  return (
    <table>
      <THead
        columns={[
          'Deployment',
          'Status',
          'Task definition',
          'Progress',
          { label: 'Pending', num: true },
          { label: 'Failed', num: true },
          'Rollout state',
          'Updated',
        ]}
      />
      <tbody>
        {deployments.map((d) => (
          <tr key={d.id}>
            <th scope="row" class="mono">
              {d.id.slice(-12)}
            </th>
            <td>
              <Badge value={d.status} />
            </td>
            <td>{familyRevision(d.taskDefinition).label}</td>
            <td>
              <Bar label={`Deployment ${d.id.slice(-12)} running`} used={d.running} total={d.desired} unit="running" kind="progress" />
            </td>
            <td class="num">{d.pending}</td>
            <td class="num">{d.failed}</td>
            <td>
              <Badge value={d.rolloutState} />
              {d.rolloutStateReason && <div class="small muted">{d.rolloutStateReason}</div>}
            </td>
            <td>{ago(d.updatedAt, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Events({ svc, now }: { svc: Service; now: number }) {
  const previous = useRef<ReturnType<typeof eventsNewestFirst> | undefined>(undefined);
  const events = eventsNewestFirst(svc.events);
  const fresh = newEventIds(previous.current, events);
  previous.current = events;
  if (events.length === 0) return <Empty>No events yet.</Empty>;
  return (
    <ol class="events" aria-live="polite" aria-relevant="additions">
      {events.slice(0, 50).map((e) => (
        <li key={e.id} class={fresh.has(e.id!) ? 'fresh' : undefined}>
          <time dateTime={isoTime(e.createdAt)} title={isoTime(e.createdAt)}>
            {ago(e.createdAt, now)}
          </time>
          <span>{e.message}</span>
        </li>
      ))}
    </ol>
  );
}

function ServiceScaling({ cluster, service }: { cluster: string; service: string }) {
  const poll = usePoll(() => loadServiceScaling(cluster, service), [cluster, service], 10_000);
  return (
    <>
      <h2>Autoscaling</h2>
      <Polled poll={poll} what="autoscaling">
        {(scaling) => (scaling.available ? <ScalingSection scaling={scaling.value} /> : <p class="notice muted">{scaling.reason}</p>)}
      </Polled>
    </>
  );
}

function ServiceMetrics({ cluster, service }: { cluster: string; service: string }) {
  const poll = usePoll(() => loadServiceUtilization(cluster, service), [cluster, service], 15_000);
  return (
    <>
      <h2>CPU and memory utilization (last hour)</h2>
      <Polled poll={poll} what="metrics">
        {(metrics) => (metrics.available ? <UtilizationChart series={metrics.value} /> : <p class="notice muted">{metrics.reason}</p>)}
      </Polled>
    </>
  );
}
