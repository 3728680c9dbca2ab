/**
 * Active health checks, as an Application Load Balancer runs them: every
 * `HealthCheckIntervalSeconds`, an HTTP GET of `HealthCheckPath` on the
 * target's traffic port (or `HealthCheckPort`), failed when no answer comes
 * within `HealthCheckTimeoutSeconds` or the status is not in the matcher.
 * Only targets of groups a listener forwards to are checked (others are
 * `unused`), and never draining ones. The first check runs right after
 * registration.
 */
import { request } from 'node:http';
import type { Elbv2State } from './elbv2-state.js';
import { MatcherError, parseHttpCodeMatcher, type StatusMatcher } from './health-matcher.js';
import type { HealthCheckConfig, TargetRecord } from './records.js';
import { DESCRIPTIONS, type CheckResult } from './target-health.js';
import type { TargetLifecycle } from './target-lifecycle.js';

/** A target id → the address its ports are reached on (every local container instance is this machine). */
export type AddressOf = (targetId: string) => string;

const FIRST_CHECK_MS = 200;

interface Loop {
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

export class HealthChecker {
  private readonly loops = new Map<string, Loop>();
  private stopped = false;

  constructor(
    private readonly state: Elbv2State,
    private readonly lifecycle: TargetLifecycle,
    private readonly addressOf: AddressOf,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts checks for every checkable target and stops the others; call after any change. */
  sync(): void {
    if (this.stopped) return;
    const wanted = new Set<string>();
    for (const tg of this.state.targetGroups.values()) {
      for (const t of this.state.targetList(tg.arn)) {
        if (t.health.state === 'draining' || t.health.state === 'unused') continue;
        const key = loopKey(t);
        wanted.add(key);
        if (!this.loops.has(key)) this.start(key, t.targetGroupArn, t.id, t.port);
      }
    }
    for (const [key, loop] of this.loops) {
      if (wanted.has(key)) continue;
      loop.stopped = true;
      clearTimeout(loop.timer);
      this.loops.delete(key);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const loop of this.loops.values()) {
      loop.stopped = true;
      clearTimeout(loop.timer);
    }
    this.loops.clear();
  }

  private start(key: string, tgArn: string, id: string, port: number) {
    const loop: Loop = { stopped: false };
    this.loops.set(key, loop);
    const tick = async () => {
      const tg = this.state.targetGroups.get(tgArn);
      if (loop.stopped || !tg) return;
      const result = await this.check(tg.healthCheck, this.addressOf(id), port);
      if (loop.stopped) return;
      await this.lifecycle.recordCheck(tgArn, id, port, result).catch((err) => this.log(`  ! elbv2: saving a health check failed: ${err}`));
      const current = this.state.targetGroups.get(tgArn);
      if (!loop.stopped && current) loop.timer = setTimeout(tick, current.healthCheck.intervalSeconds * 1000).unref();
    };
    loop.timer = setTimeout(tick, FIRST_CHECK_MS).unref();
  }

  /** One GET on a fresh connection, as ALB's health checker makes it. */
  check(config: HealthCheckConfig, host: string, trafficPort: number): Promise<CheckResult> {
    const port = config.port === 'traffic-port' ? trafficPort : Number(config.port);
    let matches: StatusMatcher;
    try {
      matches = parseHttpCodeMatcher(config.matcher);
    } catch (err) {
      if (!(err instanceof MatcherError)) throw err;
      return Promise.resolve({ ok: false, reason: 'Target.FailedHealthChecks', description: DESCRIPTIONS.failed });
    }
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: CheckResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const req = request(
        {
          host,
          port,
          path: config.path,
          method: 'GET',
          agent: false,
          headers: { 'User-Agent': 'ELB-HealthChecker/2.0', Connection: 'close' },
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          done(
            matches(status) ? { ok: true } : { ok: false, reason: 'Target.ResponseCodeMismatch', description: DESCRIPTIONS.codes(status) },
          );
        },
      );
      req.setTimeout(config.timeoutSeconds * 1000, () => {
        done({ ok: false, reason: 'Target.Timeout', description: DESCRIPTIONS.timeout });
        req.destroy();
      });
      req.on('error', () => done({ ok: false, reason: 'Target.FailedHealthChecks', description: DESCRIPTIONS.failed }));
      req.end();
    });
  }
}

const loopKey = (t: TargetRecord) => `${t.targetGroupArn} ${t.id}:${t.port}`;
