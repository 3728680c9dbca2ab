/** The console's building blocks: states (loading, empty, error), bars, badges, the confirmation dialog. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../model/api-error.js';
import type { Poll } from './use-poll.js';

export function Loading({ what }: { what: string }) {
  return (
    <p class="state loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>;
}

/** An error as the API worded it. */
export function ErrorText({ error }: { error: unknown }) {
  return (
    <p class="api-error" role="alert">
      {describeError(error)}
    </p>
  );
}

/**
 * A section fed by a poll: a loading line the first time, the error if
 * there is no data yet, else the data — with a notice above it while the
 * latest refresh failed (the data shown is then the last good one).
 */
export function Polled<T>({ poll, what, children }: { poll: Poll<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (poll.data === undefined) {
    if (poll.loading) return <Loading what={what} />;
    return (
      <div class="notice error">
        <p>Could not load {what}.</p>
        <ErrorText error={poll.error} />
        <RetryLine poll={poll} />
      </div>
    );
  }
  return (
    <>
      {poll.error !== undefined && <StaleNotice poll={poll} />}
      {children(poll.data)}
    </>
  );
}

function RetryLine({ poll }: { poll: Poll<unknown> }) {
  return (
    <p class="muted">
      Retrying in {Math.round((poll.retryInMs ?? 0) / 1000)} s.{' '}
      <button type="button" class="link" onClick={poll.refresh}>
        Retry now
      </button>
    </p>
  );
}

function StaleNotice({ poll }: { poll: Poll<unknown> }) {
  return (
    <div class="notice warn" role="status">
      Refresh failed: {describeError(poll.error)} Showing data from {new Date(poll.updatedAt!).toLocaleTimeString()}.{' '}
      <button type="button" class="link" onClick={poll.refresh}>
        Retry now
      </button>
    </div>
  );
}

/** `reserved` bars warn as they fill up; `progress` bars (a rollout) are good when full. */
export function Bar({
  label,
  used,
  total,
  unit,
  kind = 'reserved',
}: {
  label: string;
  used: number;
  total: number;
  unit: string;
  kind?: 'reserved' | 'progress';
}) {
  const percent = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  const level = kind === 'progress' ? 'progress' : percent >= 90 ? 'high' : percent >= 70 ? 'mid' : 'low';
  return (
    <div
      class="bar"
      title={
        kind === 'progress' ? `${label}: ${used} of ${total}` : `${label}: ${used} of ${total} ${unit} reserved (${total - used} remaining)`
      }
    >
      <div
        class={`bar-track ${level}`}
        role="meter"
        aria-label={kind === 'progress' ? label : `${label} reserved`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={used}
        aria-valuetext={`${used} of ${total} ${unit}`}
      >
        <div class="bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <span class="bar-text">
        {used}/{total} {unit}
      </span>
    </div>
  );
}

const TONES: Record<string, string> = {
  ACTIVE: 'ok',
  RUNNING: 'ok',
  HEALTHY: 'ok',
  COMPLETED: 'ok',
  steady: 'ok',
  PRIMARY: 'info',
  Successful: 'ok',
  OK: 'ok',
  PENDING: 'info',
  PROVISIONING: 'info',
  ACTIVATING: 'info',
  IN_PROGRESS: 'info',
  InProgress: 'info',
  Pending: 'info',
  deploying: 'info',
  scaling: 'info',
  DRAINING: 'warn',
  DEACTIVATING: 'warn',
  STOPPING: 'warn',
  DEPROVISIONING: 'warn',
  INSUFFICIENT_DATA: 'warn',
  UNKNOWN: 'muted',
  INACTIVE: 'muted',
  STOPPED: 'muted',
  inactive: 'muted',
  UNHEALTHY: 'bad',
  FAILED: 'bad',
  Failed: 'bad',
  ALARM: 'bad',
  disconnected: 'bad',
  connected: 'ok',
};

export function Badge({ value }: { value: string | undefined }) {
  if (!value) return <span class="muted">—</span>;
  return <span class={`badge ${TONES[value] ?? 'muted'}`}>{value}</span>;
}

export interface ActionDialogProps {
  title: string;
  /** What will happen, in words. */
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: (done: boolean) => void;
}

/**
 * A modal confirmation (the browser's <dialog>: focus moves in, Tab stays
 * inside, Esc cancels). On refusal it stays open with the API's error verbatim.
 */
export function ActionDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: ActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    const onCancel = () => onClose(false);
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, []);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      ref.current?.close();
      onClose(true);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title">
      <h2 id="dialog-title">{title}</h2>
      <div class="dialog-body">{children}</div>
      {error !== undefined && <ErrorText error={error} />}
      <div class="dialog-actions">
        <button
          type="button"
          onClick={() => {
            ref.current?.close();
            onClose(false);
          }}
          disabled={busy}
        >
          Cancel
        </button>
        <button type="button" class={danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy} autofocus>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** A button that asks first: renders the ActionDialog while open. */
export function ConfirmButton(props: Omit<ActionDialogProps, 'onClose'> & { label: string; onDone?: () => void; class?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class={props.class ?? (props.danger ? 'danger' : undefined)} onClick={() => setOpen(true)}>
        {props.label}
      </button>
      {open && (
        <ActionDialog
          {...props}
          onClose={(done) => {
            setOpen(false);
            if (done) props.onDone?.();
          }}
        />
      )}
    </>
  );
}

/** Label/value pairs. */
export function Facts({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** A table's header row: numeric columns right-aligned, action columns named for screen readers only. */
export function THead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const col = typeof c === 'string' ? { label: c } : c;
          return (
            <th key={col.label} scope="col" class={col.num ? 'num' : undefined}>
              {col.hidden ? <span class="sr-only">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
