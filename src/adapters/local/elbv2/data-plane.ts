/**
 * The listeners' HTTP servers: each listener is a real port on 127.0.0.1 that
 * proxies every request (http-proxy-3) to one target of the group its
 * forward action names, chosen as ALB chooses (target-picker.ts). Answers as
 * an ALB answers when it cannot forward: 503 with no routable target, 502
 * when the target refuses or drops the connection, 504 when it does not
 * answer within the load balancer's idle timeout.
 */
import { randomBytes } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createProxyServer } from 'http-proxy-3';
import type { Elbv2State } from './elbv2-state.js';
import type { AddressOf } from './health-checker.js';
import type { ForwardAction, ListenerRecord, TargetRecord } from './records.js';
import { pickTarget, type Algorithm, type Cursor } from './target-picker.js';
import type { TargetLifecycle } from './target-lifecycle.js';

export class PortUnavailable extends Error {
  constructor(
    readonly port: number,
    readonly code: string,
  ) {
    super(`port ${port}: ${code}`);
  }
}

const HOST = '127.0.0.1';

export class DataPlane {
  private readonly servers = new Map<string, Server>();
  private readonly cursors = new Map<string, Cursor>();
  /** Keep-alive connections to targets, as ALB keeps them. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly proxy = createProxyServer({ xfwd: true, agent: this.agent });

  constructor(
    private readonly state: Elbv2State,
    private readonly lifecycle: TargetLifecycle,
    private readonly addressOf: AddressOf,
  ) {}

  /** Listens on the listener's port; PortUnavailable when the machine has it taken (or it needs privileges). */
  async bind(listener: ListenerRecord): Promise<void> {
    const server = createServer((req, res) => this.route(listener.arn, req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(new PortUnavailable(listener.port, err.code ?? err.message)));
      server.listen(listener.port, HOST, () => resolve());
    });
    this.servers.set(listener.arn, server);
  }

  async unbind(listenerArn: string): Promise<void> {
    const server = this.servers.get(listenerArn);
    if (!server) return;
    this.servers.delete(listenerArn);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  bound = (listenerArn: string) => this.servers.has(listenerArn);

  async stop(): Promise<void> {
    for (const arn of [...this.servers.keys()]) await this.unbind(arn);
    this.proxy.close();
    this.agent.destroy();
  }

  private route(listenerArn: string, req: IncomingMessage, res: ServerResponse) {
    const listener = this.state.listeners.get(listenerArn);
    const tgArn = listener && chooseTargetGroup(listener.action);
    const tg = tgArn ? this.state.targetGroups.get(tgArn) : undefined;
    if (!listener || !tg) return albError(res, 503);
    let cursor = this.cursors.get(tg.arn);
    if (!cursor) this.cursors.set(tg.arn, (cursor = { next: 0 }));
    const candidates = this.state.targetList(tg.arn).map((t) => ({
      key: `${t.id}:${t.port}`,
      state: t.health.state,
      inFlight: this.lifecycle.requests(tg.arn, t.id, t.port),
      target: t,
    }));
    const picked = pickTarget(candidates, tg.attributes['load_balancing.algorithm.type'] as Algorithm, cursor);
    if (!picked) return albError(res, 503);
    this.forward(listener, tg.arn, picked.target, req, res);
  }

  private forward(listener: ListenerRecord, tgArn: string, target: TargetRecord, req: IncomingMessage, res: ServerResponse) {
    const lb = this.state.loadBalancers.get(listener.loadBalancerArn);
    const idleMs = Number(lb?.attributes['idle_timeout.timeout_seconds'] ?? 60) * 1000;
    this.lifecycle.requestStarted(tgArn, target);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.lifecycle.requestEnded(tgArn, target);
    };
    res.once('close', end);
    req.headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const started = Date.now();
    this.proxy.web(req, res, { target: `http://${this.addressOf(target.id)}:${target.port}`, proxyTimeout: idleMs }, () => {
      if (res.headersSent) res.destroy();
      else albError(res, Date.now() - started >= idleMs ? 504 : 502);
      end();
    });
  }
}

/** One target group, or a weighted choice among several (ForwardConfig). */
function chooseTargetGroup(action: ForwardAction): string | undefined {
  const groups = action.targetGroups;
  if (groups.length === 1) return groups[0].arn;
  const total = groups.reduce((s, g) => s + g.weight, 0);
  let r = Math.random() * total;
  for (const g of groups) {
    if ((r -= g.weight) < 0) return g.arn;
  }
  return undefined;
}

const REASONS: Record<number, string> = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

/** The page an ALB serves when it cannot forward a request. */
function albError(res: ServerResponse, status: 502 | 503 | 504) {
  const title = `${status} ${REASONS[status]}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { Server: 'awselb/2.0', 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
