/**
 * One Docker events subscription per driver, routed to the supervisor that
 * owns each container. Events (start / die / health_status) drive state
 * changes instead of polling; if the stream drops (daemon restart, socket
 * hiccup) it reconnects with backoff and re-inspects every watched container,
 * because events emitted while disconnected are lost.
 */
import type Docker from 'dockerode';
import type { ContainerEventSink } from '../supervision/container-runtime.js';
import { isNotFound } from './docker-errors.js';
import { exitFromState, observeContainer, replayObserved } from './container-state.js';
import { healthFromEventAction } from './health.js';
import { LABEL } from './labels.js';

interface Watched {
  name: string;
  sink: ContainerEventSink;
}

interface DockerEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

export interface EventWatcherOptions {
  minRetryMs?: number;
  maxRetryMs?: number;
}

type EventStream = NodeJS.ReadableStream & { destroy?: () => void };

export class DockerEventWatcher {
  private readonly watched = new Map<string, Watched>();
  private stream?: EventStream;
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private retryMs: number;
  private closed = false;

  constructor(
    private readonly docker: Docker,
    private readonly opts: EventWatcherOptions = {},
  ) {
    this.retryMs = opts.minRetryMs ?? 250;
  }

  /** Subscribe if not subscribed yet; resolves once the Engine accepted the subscription. */
  ensureConnected(): Promise<void> {
    if (this.stream) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  watch(containerId: string, name: string, sink: ContainerEventSink): void {
    this.watched.set(containerId, { name, sink });
  }

  unwatch(containerId: string): void {
    this.watched.delete(containerId);
  }

  /** Stop routing events for every container of one sink (a detached task). */
  unwatchSink(sink: ContainerEventSink): void {
    for (const [id, w] of this.watched) if (w.sink === sink) this.watched.delete(id);
  }

  /** Re-inspect watched containers and replay their state into the sinks. */
  async resync(): Promise<void> {
    await Promise.all([...this.watched].map(([id, w]) => this.syncOne(id, w)));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stream?.destroy?.();
    this.stream = undefined;
    this.watched.clear();
  }

  private async connect(): Promise<void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], label: [`${LABEL.managed}=true`] },
    })) as EventStream;
    if (this.closed) {
      stream.destroy?.();
      return;
    }
    this.stream = stream;
    let pending = '';
    stream.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line) this.onLine(line);
      }
    });
    const dropped = (): void => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.scheduleReconnect();
    };
    stream.on('end', dropped);
    stream.on('close', dropped);
    stream.on('error', dropped);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.ensureConnected()
        .then(() => {
          this.retryMs = this.opts.minRetryMs ?? 250;
          return this.resync();
        })
        .catch(() => {
          this.retryMs = Math.min(this.retryMs * 2, this.opts.maxRetryMs ?? 5000);
          this.scheduleReconnect();
        });
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private onLine(line: string): void {
    let ev: DockerEvent;
    try {
      ev = JSON.parse(line) as DockerEvent;
    } catch {
      return;
    }
    const id = ev.Actor?.ID ?? ev.id;
    const w = id ? this.watched.get(id) : undefined;
    if (!id || !w) return;
    const action = ev.Action ?? ev.status ?? '';
    const at = ev.timeNano ? Math.floor(ev.timeNano / 1e6) : undefined;
    if (action === 'start') {
      w.sink.containerStarted(w.name, at);
    } else if (action === 'die') {
      void this.onDie(id, w, ev.Actor?.Attributes?.exitCode, at);
    } else {
      const health = healthFromEventAction(action);
      if (health) w.sink.containerHealth(w.name, health);
    }
  }

  /** Inspect for the full exit (OOM kill, Engine error); fall back to the event's exit code if it is already gone. */
  private async onDie(id: string, w: Watched, exitCode: string | undefined, at: number | undefined): Promise<void> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      w.sink.containerExited(w.name, exitFromState(info.State));
    } catch {
      w.sink.containerExited(w.name, { exitCode: exitCode === undefined ? undefined : Number(exitCode), at });
    }
  }

  private async syncOne(id: string, w: Watched): Promise<void> {
    try {
      replayObserved(observeContainer(await this.docker.getContainer(id).inspect()), w.name, w.sink);
    } catch (err) {
      if (isNotFound(err)) w.sink.containerExited(w.name, { reason: 'container was removed outside Berth' });
    }
  }
}
