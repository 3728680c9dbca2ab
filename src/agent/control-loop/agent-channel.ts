/**
 * The agent's end of the push channel (src/protocol/channel.ts): one
 * WebSocket to the control plane, opened with a SigV4-signed upgrade request,
 * carrying polls (each answered by a frame with its id), heartbeats, and the
 * control plane's wake-ups (with the placements they carry). It never reconnects on its own: the agent's loop
 * decides when (jittered back-off) and polls over HTTP meanwhile.
 */
import WebSocket from 'ws';
import {
  CHANNEL_BEAT_ACTION,
  CHANNEL_POLL_ACTION,
  FRAME_TOO_LARGE,
  InvalidMessageError,
  MAX_FRAME_ID,
  parseChannelFrame,
  type ChannelMessage,
  type PollRequest,
  type PollResponse,
  type RunAssignment,
} from '../../protocol/index.js';
import { ControlPlaneError } from './control-plane-error.js';

export interface AgentChannelOptions {
  /** ws:// or wss:// (DiscoverPollEndpoint's telemetryEndpoint). */
  url: string;
  /** The upgrade request's headers: SigV4 over `GET /` by the instance's own key. */
  headers: () => Promise<Record<string, string>>;
  /** The control plane committed work for this instance: `tasks` to run at once, and every task it names (carried or not). */
  onWake: (taskArns: string[], tasks: RunAssignment[]) => void;
  /** The socket closed (or was refused mid-way): the agent reconnects when it sees fit. */
  onClose: (reason: string) => void;
  timeoutMs: number;
  /** Aborts the socket with the agent (kill). */
  signal?: AbortSignal;
}

interface Waiter {
  resolve(res: PollResponse): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** An answer too large for one WebSocket message: make this exchange over HTTP. */
export class FrameTooLargeError extends ControlPlaneError {
  constructor(message: string) {
    super(FRAME_TOO_LARGE, message, undefined);
  }
}

export class AgentChannel {
  private ws?: WebSocket;
  private nextId = 1;
  private readonly waiters = new Map<number, Waiter>();

  constructor(private readonly opts: AgentChannelOptions) {}

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Connects; rejects with a ControlPlaneError (status 401/403: refused at $connect). */
  async open(): Promise<void> {
    this.close();
    const headers = await this.opts.headers();
    const ws = new WebSocket(this.opts.url, { headers, handshakeTimeout: this.opts.timeoutMs, perMessageDeflate: false });
    this.ws = ws;
    const kill = () => ws.terminate();
    this.opts.signal?.addEventListener('abort', kill, { once: true });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        reject(
          new ControlPlaneError(
            res.statusCode === 401 || res.statusCode === 403 ? 'AccessDeniedException' : 'HttpError',
            `channel: $connect answered ${res.statusCode}`,
            res.statusCode,
          ),
        );
        ws.terminate();
      });
      ws.once('error', (err) => reject(new ControlPlaneError('NetworkingError', `channel: ${err.message}`, undefined, { cause: err })));
    });
    ws.on('message', (data) => this.receive(String(data)));
    ws.on('close', (code) => {
      this.opts.signal?.removeEventListener('abort', kill);
      // close() forgets the socket first: only a close the agent did not ask for is news.
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.failAll(new ControlPlaneError('NetworkingError', `channel closed (${code})`, undefined));
      this.opts.onClose(`closed (${code})`);
    });
    ws.on('error', () => {}); // 'close' follows and says it all
  }

  /** One poll on the socket; rejects like an HTTP poll would (ControlPlaneError). */
  poll(req: PollRequest): Promise<PollResponse> {
    const id = this.nextId;
    this.nextId = id >= MAX_FRAME_ID ? 1 : id + 1;
    return new Promise<PollResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new ControlPlaneError('TimeoutError', `poll: no answer on the channel within ${this.opts.timeoutMs} ms`, undefined));
        // A socket that stops answering is as good as closed.
        this.ws?.terminate();
      }, this.opts.timeoutMs);
      this.waiters.set(id, { resolve, reject, timer });
      if (!this.send({ action: CHANNEL_POLL_ACTION, id, poll: req })) {
        clearTimeout(timer);
        this.waiters.delete(id);
        reject(new ControlPlaneError('NetworkingError', 'poll: the channel is not open', undefined));
      }
    });
  }

  /** The heartbeat: one small frame, answered only if refused. */
  beat(): boolean {
    return this.send({ action: CHANNEL_BEAT_ACTION });
  }

  close(): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000);
    this.failAll(new ControlPlaneError('NetworkingError', 'channel closed', undefined));
  }

  private send(msg: ChannelMessage): boolean {
    if (!this.isOpen) return false;
    this.ws!.send(JSON.stringify(msg));
    return true;
  }

  private receive(raw: string): void {
    let frame;
    try {
      frame = parseChannelFrame(raw);
    } catch (err) {
      if (!(err instanceof InvalidMessageError)) throw err;
      // Not a frame of ours (e.g. the gateway's own error text): the exchange it answers times out and is retried.
      return;
    }
    if (frame.type === 'wake') return this.opts.onWake(frame.taskArns, frame.tasks ?? []);
    const waiter = frame.id === undefined ? undefined : this.waiters.get(frame.id);
    if (!waiter) {
      // A refused beat (or an error about no poll in flight): the instance is gone or the connection is not its own.
      if (frame.type === 'error') this.ws?.close(1000, frame.code.slice(0, 100));
      return;
    }
    this.waiters.delete(frame.id!);
    clearTimeout(waiter.timer);
    if (frame.type === 'poll-response') waiter.resolve(frame.response);
    else
      waiter.reject(
        frame.code === FRAME_TOO_LARGE
          ? new FrameTooLargeError(frame.message)
          : new ControlPlaneError(frame.code, `poll: ${frame.message}`, 400),
      );
  }

  private failAll(err: Error): void {
    for (const [id, w] of this.waiters) {
      clearTimeout(w.timer);
      this.waiters.delete(id);
      w.reject(err);
    }
  }
}
