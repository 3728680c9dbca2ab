/**
 * Docker-compatible health checks for host processes: the probe runs every
 * `interval`, counts as failed after `timeout`, and the container turns
 * UNHEALTHY after `retries` consecutive failures; failures during
 * `startPeriod` do not count, a success at any time makes it HEALTHY.
 */
import type { HealthCheck } from '@aws-sdk/client-ecs';
import { spawn } from 'node:child_process';
import { HEALTH_DEFAULTS } from '../supervision/task-health.js';
import type { HealthStatus } from '../../../protocol/index.js';

export type Probe = (timeoutMs: number) => Promise<boolean>;

export class HealthChecker {
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private status: HealthStatus = 'UNKNOWN';
  private stopped = false;

  constructor(
    private readonly check: HealthCheck,
    private readonly probe: Probe,
    private readonly onChange: (h: HealthStatus) => void,
    private readonly startedAt: number = Date.now(),
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), (this.check.interval ?? HEALTH_DEFAULTS.interval) * 1000);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const ok = await this.probe((this.check.timeout ?? HEALTH_DEFAULTS.timeout) * 1000);
    if (this.stopped) return;
    if (ok) {
      this.failures = 0;
      this.set('HEALTHY');
    } else if (Date.now() - this.startedAt >= (this.check.startPeriod ?? HEALTH_DEFAULTS.startPeriod) * 1000) {
      this.failures += 1;
      if (this.failures >= (this.check.retries ?? HEALTH_DEFAULTS.retries)) this.set('UNHEALTHY');
    }
    this.schedule();
  }

  private set(h: HealthStatus): void {
    if (h === this.status) return;
    this.status = h;
    this.onChange(h);
  }
}

/**
 * A probe for an ECS health check command: `CMD-SHELL script` runs `sh -c
 * script`, `CMD exe args…` runs the executable; success is exit status 0.
 * Returns undefined for `NONE` or an empty command (no checking).
 */
export function commandProbe(command: string[], opts: { env: Record<string, string>; cwd: string }): Probe | undefined {
  const [kind, ...rest] = command;
  let argv: string[];
  if (kind === 'CMD-SHELL') argv = ['sh', '-c', rest.join(' ')];
  else if (kind === 'CMD') argv = rest;
  else if (kind === 'NONE' || kind === undefined) return undefined;
  else argv = ['sh', '-c', command.join(' ')];
  const [exe, ...args] = argv;
  if (!exe) return undefined;
  return (timeoutMs) =>
    new Promise<boolean>((resolve) => {
      const child = spawn(exe, args, { env: opts.env, cwd: opts.cwd, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code === 0);
      });
    });
}
