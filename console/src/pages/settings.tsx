import { useState } from 'preact/hooks';
import { defaultSettings, loadSettings, saveSettings } from '../api/credentials.js';
import { listClusters } from '../api/ecs.js';
import { ErrorText } from '../ui/components.js';

/** Where requests go and which key signs them (kept in this browser only). */
export function SettingsPage() {
  const [form, setForm] = useState(loadSettings);
  const [result, setResult] = useState<{ ok: true; clusters: number } | { ok: false; error: unknown } | undefined>(undefined);
  const field = (key: keyof typeof form, label: string, secret = false) => {
    const props = {
      id: `set-${key}`,
      required: true,
      autoComplete: 'off',
      value: form[key],
      onInput: (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [key]: e.currentTarget.value }),
    };
    return (
      <>
        <label for={props.id}>{label}</label>
        {secret ? <input type="password" {...props} /> : <input type="text" {...props} />}
      </>
    );
  };
  return (
    <section>
      <h1>Settings</h1>
      <p>
        The console calls Berth's public APIs from this browser, signing each request with SigV4 like the AWS CLI does. These settings stay
        in this browser's local storage. Locally, <code>npm start</code> accepts the default key <code>test</code> / <code>test</code>.
      </p>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          saveSettings(form);
          try {
            setResult({ ok: true, clusters: (await listClusters()).length });
          } catch (error) {
            setResult({ ok: false, error });
          }
        }}
      >
        {field('endpoint', 'Endpoint URL')}
        {field('region', 'Region')}
        {field('accessKeyId', 'Access key ID')}
        {field('secretAccessKey', 'Secret access key', true)}
        <div class="actions">
          <button type="submit" class="primary">
            Save and test
          </button>
          <button type="button" onClick={() => setForm(defaultSettings())}>
            Reset to the local defaults
          </button>
        </div>
      </form>
      {result?.ok === true && (
        <p class="notice ok" role="status">
          Saved. The endpoint answered: {result.clusters} cluster(s).
        </p>
      )}
      {result?.ok === false && (
        <div class="notice error">
          <p>Saved, but the endpoint refused or did not answer:</p>
          <ErrorText error={result.error} />
        </div>
      )}
    </section>
  );
}
