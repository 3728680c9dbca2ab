/**
 * The agent's hold on its push channel against a real WebSocket server: a
 * wake that carries its placements runs them without a poll, one that only
 * names a task asks for a poll; a dropped or refused socket is retried on its
 * own back-off (the agent's loop wakes for it), not at the HTTP poll rate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ChannelLink } from '../../../src/agent/control-loop/channel-link.js';
import { freePort } from '../../../infra/local/ports.js';
import type { RunAssignment } from '../../../src/protocol/index.js';
import { makeTaskSpec } from '../../support/task-specs.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { waitUntil } from '../../support/wait.js';

const spec = makeTaskSpec();
const run: RunAssignment = { taskArn: spec.taskArn, desiredStatus: 'RUNNING', spec };

function link(url: string, now: () => number = Date.now) {
  const ran: RunAssignment[][] = [];
  const woken: boolean[] = [];
  const abort = new AbortController();
  const l = new ChannelLink({
    url,
    headers: async () => ({}),
    timeoutMs: 2000,
    signal: abort.signal,
    backoff: { initialMs: 500, maxMs: 15_000 },
    random: () => 0.5,
    now,
    log: recordingLogger(),
    wake: (pushed) => woken.push(pushed),
    run: (tasks) => ran.push(tasks),
  });
  return { l, ran, woken, abort };
}

describe('ChannelLink', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  async function server() {
    const port = await freePort();
    const wss = new WebSocketServer({ port, host: '127.0.0.1' });
    const sockets: WebSocket[] = [];
    wss.on('connection', (ws) => sockets.push(ws));
    cleanup.push(() => wss.close());
    await new Promise((r) => wss.once('listening', r));
    return { url: `ws://127.0.0.1:${port}`, sockets };
  }

  it('runs the placements a wake carries without a poll; polls for what a wake only names', async () => {
    const { url, sockets } = await server();
    const { l, ran, woken } = link(url);
    cleanup.push(() => l.close());
    await l.ensureOpen();
    expect(l.isOpen).toBe(true);
    expect(l.retryInMs()).toBeUndefined();
    expect(l.takePollWanted()).toBe(true); // the poll that follows every open
    await waitUntil('the server side', async () => sockets[0]);

    sockets[0]!.send(JSON.stringify({ type: 'wake', taskArns: [run.taskArn], tasks: [run] }));
    await waitUntil('the pushed placement run', async () => ran.length > 0);
    expect(ran).toEqual([[run]]);
    expect(woken).toEqual([]);
    expect(l.takePollWanted()).toBe(false);

    sockets[0]!.send(JSON.stringify({ type: 'wake', taskArns: [run.taskArn, 'arn:stopped'], tasks: [run] }));
    await waitUntil('a poll asked for', async () => woken.length > 0);
    expect(woken).toEqual([true]);
    expect(l.takePollWanted()).toBe(true);
  });

  it('after a drop, asks for a poll and is due to reconnect within a second, not a poll interval', async () => {
    const { url, sockets } = await server();
    const { l, woken } = link(url);
    cleanup.push(() => l.close());
    await l.ensureOpen();
    l.takePollWanted();
    await waitUntil('the server side', async () => sockets[0]);
    sockets[0]!.terminate();
    await waitUntil('the close seen', async () => woken.includes(false));
    expect(l.isOpen).toBe(false);
    expect(l.takePollWanted()).toBe(true);
    const retry = l.retryInMs()!;
    expect(retry).toBeGreaterThanOrEqual(0);
    expect(retry).toBeLessThanOrEqual(1000);
  });

  it('after a refused connect, is due again after its back-off', async () => {
    let t = 1_000_000;
    const { l } = link(`ws://127.0.0.1:${await freePort()}`, () => t);
    await l.ensureOpen();
    expect(l.isOpen).toBe(false);
    // First failure: 500 ms step, equal jitter at random 0.5 → 375 ms.
    expect(l.retryInMs()).toBe(375);
    t += 400;
    expect(l.retryInMs()).toBe(0);
  });
});
