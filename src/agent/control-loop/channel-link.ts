/**
 * The agent's hold on its push channel: opens the socket when due, and after
 * a failure or a close waits a jittered back-off before the next attempt (a
 * fleet whose sockets API Gateway closed at once does not reconnect at once).
 * Meanwhile the agent polls over HTTP, so nothing waits for the socket.
 */
import type { Logger } from '../../logging/logger.js';
import type { PollRequest, PollResponse, RunAssignment } from '../../protocol/index.js';
import { AgentChannel } from './agent-channel.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';

/** A socket closed after working a while is reopened within this (jittered), not at once by every agent of a fleet. */
const RECONNECT_SPREAD_MS = 1000;

export interface ChannelLinkOptions {
  url: string;
  headers: () => Promise<Record<string, string>>;
  timeoutMs: number;
  signal: AbortSignal;
  backoff: BackoffPolicy;
  random: () => number;
  now: () => number;
  log: Logger;
  /** Work was pushed, or the socket closed: the agent's loop should run now. */
  wake: (pushed: boolean) => void;
  /** Placements pushed whole: the agent starts them without a poll. */
  run: (tasks: RunAssignment[]) => void;
}

export class ChannelLink {
  private readonly channel: AgentChannel;
  private failures = 0;
  private nextAttemptAt = 0;
  private opening?: Promise<void>;
  /** Set on open and on each push; cleared by the poll that follows. */
  private pollWanted = false;

  constructor(private readonly opts: ChannelLinkOptions) {
    this.channel = new AgentChannel({
      url: opts.url,
      headers: opts.headers,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      onWake: (taskArns, tasks) => {
        if (tasks.length) opts.run(tasks);
        // What the wake only names (a stop, an order too large to push) comes with a poll, now.
        if (taskArns.some((arn) => !tasks.some((t) => t.taskArn === arn))) {
          this.pollWanted = true;
          opts.wake(true);
        }
      },
      onClose: (reason) => {
        if (opts.signal.aborted) return;
        opts.log.warn('agent channel closed; polling over HTTP until it is back', { reason });
        this.nextAttemptAt = opts.now() + opts.random() * RECONNECT_SPREAD_MS;
        // Whatever was pushed while the socket was going down is lost: ask for it with the next poll.
        this.pollWanted = true;
        opts.wake(false);
      },
    });
  }

  get isOpen(): boolean {
    return this.channel.isOpen;
  }

  /** While the socket is down, how long until the next attempt to reopen it is due (the loop wakes for it); undefined while open. */
  retryInMs(): number | undefined {
    if (this.channel.isOpen) return undefined;
    return Math.max(0, this.nextAttemptAt - this.opts.now());
  }

  /** Opens the socket if it is closed and an attempt is due; never throws (a failure only delays the next attempt). */
  async ensureOpen(): Promise<void> {
    if (this.channel.isOpen || this.opts.now() < this.nextAttemptAt || this.opts.signal.aborted) return;
    this.opening ??= this.channel
      .open()
      .then(() => {
        if (this.failures) this.opts.log.info('agent channel open again', { afterFailures: this.failures });
        this.failures = 0;
        this.pollWanted = true;
      })
      .catch((err: unknown) => {
        this.failures++;
        const delay = backoffDelay(this.failures, this.opts.backoff, this.opts.random);
        this.nextAttemptAt = this.opts.now() + delay;
        this.opts.log.warn('agent channel connect failed; polling over HTTP meanwhile', {
          error: err,
          consecutiveFailures: this.failures,
          retryInMs: Math.round(delay),
        });
      })
      .finally(() => (this.opening = undefined));
    await this.opening;
  }

  /** True once after the socket opened or work was pushed: the next exchange should be a poll, not a beat. */
  takePollWanted(): boolean {
    const wanted = this.pollWanted;
    this.pollWanted = false;
    return wanted;
  }

  poll(req: PollRequest): Promise<PollResponse> {
    return this.channel.poll(req);
  }

  beat(): boolean {
    return this.channel.beat();
  }

  close(): void {
    this.channel.close();
  }
}
