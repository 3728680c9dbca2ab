import { useState } from 'preact/hooks';
import { createService, listClusters, listRevisions } from '../api/ecs.js';
import { familyRevision } from '../model/task-definition.js';
import { ActionDialog } from '../ui/components.js';
import { Link, navigate } from '../ui/router.js';
import { usePoll } from '../ui/use-poll.js';

/** Placement presets a person picks from; each is what CreateService takes. */
const STRATEGIES: Record<string, { label: string; placementStrategy: { type: string; field?: string }[] }> = {
  'spread-az': {
    label: 'Spread across zones, then instances (ECS default for services)',
    placementStrategy: [
      { type: 'spread', field: 'attribute:ecs.availability-zone' },
      { type: 'spread', field: 'instanceId' },
    ],
  },
  'binpack-memory': { label: 'Binpack on memory (fewest instances)', placementStrategy: [{ type: 'binpack', field: 'memory' }] },
  random: { label: 'Random', placementStrategy: [{ type: 'random' }] },
};

/** Active revisions, newest first, as `family:revision`. */
const activeRevisions = async () => (await listRevisions()).map((arn) => familyRevision(arn).label);

export function CreateServicePage({ cluster, taskDefinition }: { cluster: string; taskDefinition?: string }) {
  const revisions = usePoll(activeRevisions, [], 30_000);
  const clusters = usePoll(listClusters, [], 30_000);
  const [form, setForm] = useState({
    cluster,
    serviceName: '',
    taskDefinition: taskDefinition ?? '',
    desiredCount: '1',
    strategy: 'spread-az',
    minimumHealthyPercent: '100',
    maximumPercent: '200',
  });
  const [pending, setPending] = useState<Record<string, unknown> | undefined>(undefined);
  const set = (key: keyof typeof form) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  const chosenTd = form.taskDefinition || revisions.data?.[0] || '';
  return (
    <section>
      <p class="crumbs">
        <Link to={{ page: 'clusters' }}>Clusters</Link> / <Link to={{ page: 'cluster', cluster }}>{cluster}</Link> /
      </p>
      <h1>Create service</h1>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          setPending({
            cluster: form.cluster,
            serviceName: form.serviceName,
            taskDefinition: chosenTd,
            desiredCount: Number(form.desiredCount),
            placementStrategy: STRATEGIES[form.strategy].placementStrategy,
            deploymentConfiguration: {
              minimumHealthyPercent: Number(form.minimumHealthyPercent),
              maximumPercent: Number(form.maximumPercent),
            },
          });
        }}
      >
        <label for="cs-cluster">Cluster</label>
        <select id="cs-cluster" value={form.cluster} onChange={set('cluster')}>
          {(clusters.data ?? [{ clusterName: cluster }]).map((c) => (
            <option key={c.clusterName} value={c.clusterName}>
              {c.clusterName}
            </option>
          ))}
        </select>
        <label for="cs-name">Service name</label>
        <input id="cs-name" required value={form.serviceName} onInput={set('serviceName')} autoComplete="off" />
        <label for="cs-td">Task definition</label>
        <select id="cs-td" required value={chosenTd} onChange={set('taskDefinition')}>
          {revisions.data === undefined && <option value={chosenTd}>{chosenTd || 'Loading…'}</option>}
          {revisions.data?.length === 0 && <option value="">No task definitions: register one first</option>}
          {revisions.data?.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <label for="cs-count">Desired tasks</label>
        <input id="cs-count" type="number" step={1} required value={form.desiredCount} onInput={set('desiredCount')} />
        <label for="cs-strategy">Placement</label>
        <select id="cs-strategy" value={form.strategy} onChange={set('strategy')}>
          {Object.entries(STRATEGIES).map(([k, v]) => (
            <option key={k} value={k}>
              {v.label}
            </option>
          ))}
        </select>
        <label for="cs-min">Minimum healthy percent</label>
        <input id="cs-min" type="number" step={1} required value={form.minimumHealthyPercent} onInput={set('minimumHealthyPercent')} />
        <label for="cs-max">Maximum percent</label>
        <input id="cs-max" type="number" step={1} required value={form.maximumPercent} onInput={set('maximumPercent')} />
        <div class="actions">
          <button type="submit" class="primary">
            Create service
          </button>
        </div>
      </form>
      {pending && (
        <ActionDialog
          title={`Create service ${String(pending.serviceName)}?`}
          confirmLabel="Create service"
          onConfirm={async () => {
            const svc = await createService(pending);
            navigate({ page: 'service', cluster: form.cluster, service: svc.serviceName! });
          }}
          onClose={() => setPending(undefined)}
        >
          <p>
            {String(pending.desiredCount)} task(s) of <code>{String(pending.taskDefinition)}</code> in cluster {form.cluster},{' '}
            {STRATEGIES[form.strategy].label.toLowerCase()}.
          </p>
        </ActionDialog>
      )}
    </section>
  );
}
