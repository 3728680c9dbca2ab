import { useEffect, useState } from 'preact/hooks';
import { describeTaskDefinition, listClusters, listFamilies, listRevisions, registerTaskDefinition } from '../api/ecs.js';
import { familyRevision, parseDefinitionJson, registrableInput } from '../model/task-definition.js';
import { ActionDialog, Badge, Empty, ErrorText, Facts, Loading, Polled } from '../ui/components.js';
import { Link, navigate } from '../ui/router.js';
import { usePoll } from '../ui/use-poll.js';

const Crumbs = ({ family }: { family?: string }) => (
  <p class="crumbs">
    <Link to={{ page: 'task-definitions' }}>Task definitions</Link> /
    {family && (
      <>
        {' '}
        <Link to={{ page: 'family', family }}>{family}</Link> /
      </>
    )}
  </p>
);

export function TaskDefinitionsPage() {
  const poll = usePoll(listFamilies, [], 10_000);
  return (
    <section>
      <div class="section-head">
        <h1>Task definitions</h1>
        <Link to={{ page: 'register' }} class="button primary">
          Register task definition
        </Link>
      </div>
      <Polled poll={poll} what="task definition families">
        {(families) =>
          families.length === 0 ? (
            <Empty>No task definitions yet.</Empty>
          ) : (
            <ul class="cards">
              {families.map((f) => (
                <li key={f}>
                  <Link to={{ page: 'family', family: f }}>{f}</Link>
                </li>
              ))}
            </ul>
          )
        }
      </Polled>
    </section>
  );
}

export function FamilyPage({ family }: { family: string }) {
  // familyPrefix matches other families that start alike: keep this family's own revisions.
  const poll = usePoll(async () => (await listRevisions(family)).filter((arn) => familyRevision(arn).family === family), [family], 10_000);
  return (
    <section>
      <Crumbs />
      <h1>Task definition {family}</h1>
      <Polled poll={poll} what={`revisions of ${family}`}>
        {(arns) =>
          arns.length === 0 ? (
            <Empty>No active revisions of {family}.</Empty>
          ) : (
            <ul class="cards">
              {arns.map((arn) => {
                const r = familyRevision(arn);
                return (
                  <li key={arn}>
                    <Link to={{ page: 'revision', family, revision: r.revision! }}>{r.label}</Link>
                  </li>
                );
              })}
            </ul>
          )
        }
      </Polled>
    </section>
  );
}

export function RevisionPage({ family, revision }: { family: string; revision: number }) {
  const name = `${family}:${revision}`;
  const poll = usePoll(() => describeTaskDefinition(name), [name], 60_000);
  const clusters = usePoll(listClusters, [], 60_000);
  const [cluster, setCluster] = useState('default');
  return (
    <section>
      <Crumbs family={family} />
      <h1>Task definition {name}</h1>
      <Polled poll={poll} what={name}>
        {(td) => (
          <>
            <Facts
              items={[
                ['Status', <Badge value={td.status} />],
                ['Containers', (td.containerDefinitions ?? []).map((c) => c.name).join(', ')],
                ['CPU / memory', `${td.cpu ?? '—'} / ${td.memory ?? '—'}`],
                ['Network mode', td.networkMode ?? 'bridge'],
              ]}
            />
            <div class="actions">
              <Link to={{ page: 'register', from: name }} class="button">
                Register a new revision from this
              </Link>
              <span class="inline-form">
                <label for="create-in">Create a service in</label>
                <select id="create-in" value={cluster} onChange={(e) => setCluster(e.currentTarget.value)}>
                  {(clusters.data ?? [{ clusterName: 'default' }]).map((c) => (
                    <option key={c.clusterName} value={c.clusterName}>
                      {c.clusterName}
                    </option>
                  ))}
                </select>
                <Link to={{ page: 'create-service', cluster, taskDefinition: name }} class="button primary">
                  Create service
                </Link>
              </span>
            </div>
            <h2>JSON</h2>
            <pre class="json" tabIndex={0} aria-label={`${name} as JSON`}>
              {JSON.stringify(td, null, 2)}
            </pre>
          </>
        )}
      </Polled>
    </section>
  );
}

const TEMPLATE = {
  family: 'web',
  containerDefinitions: [
    {
      name: 'web',
      image: 'berth-test/web:1',
      essential: true,
      cpu: 128,
      memory: 128,
      portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
    },
  ],
};

export function RegisterPage({ from }: { from?: string }) {
  const [text, setText] = useState<string | undefined>(from ? undefined : JSON.stringify(TEMPLATE, null, 2));
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<Record<string, unknown> | undefined>(undefined);
  useEffect(() => {
    if (!from) return;
    describeTaskDefinition(from).then(
      (td) => setText(JSON.stringify(registrableInput(td), null, 2)),
      (err) => setLoadError(err),
    );
  }, [from]);
  return (
    <section>
      <Crumbs />
      <h1>Register task definition</h1>
      {loadError !== undefined && (
        <div class="notice error">
          <p>Could not load {from} to start from:</p>
          <ErrorText error={loadError} />
        </div>
      )}
      {text === undefined && loadError === undefined ? (
        <Loading what={from ?? 'the template'} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = parseDefinitionJson(text ?? '');
            if (!parsed.ok) return setProblem(parsed.error);
            setProblem(undefined);
            setPending(parsed.input);
          }}
        >
          <p>
            The RegisterTaskDefinition input as JSON (what <code>aws ecs register-task-definition --cli-input-json</code> takes).
            {from ? ` Started from ${from}: registering makes the next revision of its family.` : ''}
          </p>
          <label for="td-json" class="block">
            Task definition JSON
          </label>
          <textarea id="td-json" rows={24} spellcheck={false} value={text ?? ''} onInput={(e) => setText(e.currentTarget.value)} />
          {problem && (
            <p class="api-error" role="alert">
              {problem}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary">
              Register
            </button>
          </div>
        </form>
      )}
      {pending && (
        <ActionDialog
          title={`Register a revision of ${String(pending.family ?? '(no family)')}?`}
          confirmLabel="Register"
          onConfirm={async () => {
            const td = await registerTaskDefinition(pending);
            navigate({ page: 'revision', family: td.family!, revision: td.revision! });
          }}
          onClose={() => setPending(undefined)}
        >
          <p>
            {((pending.containerDefinitions as unknown[]) ?? []).length} container definition(s). Task definitions are immutable: this adds
            a new revision.
          </p>
        </ActionDialog>
      )}
    </section>
  );
}
