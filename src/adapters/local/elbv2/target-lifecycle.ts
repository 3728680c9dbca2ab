/**
 * Registered targets over time: registration (initial, or unused when no
 * listener forwards to the group), health-check results, and deregistration
 * with connection draining. A deregistered target gets no new requests at
 * once; it is removed when its in-flight requests are done (as ALB completes
 * a deregistration early when nothing is in flight) or when the target
 * group's `deregistration_delay.timeout_seconds` has passed, whichever comes first.
 */
import type { Elbv2State } from './elbv2-state.js';
import { targetKey, type TargetGroupRecord, type TargetRecord } from './records.js';
import { afterCheck, draining, justRegistered, notInUse, visiblyChanged, type CheckResult } from './target-health.js';

export const deregistrationDelaySeconds = (tg: TargetGroupRecord) => Number(tg.attributes['deregistration_delay.timeout_seconds']);

export class TargetLifecycle {
  /** `${tgArn} ${id}:${port}` → requests in flight. */
  private readonly inFlight = new Map<string, number>();
  private readonly drainTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly state: Elbv2State,
    private readonly now: () => number,
    /** Called after targets appear, disappear or change state (the health checker re-syncs). */
    private readonly onChange: () => void,
    /** Background work (a drain finishing) has no caller to throw to. */
    private readonly onError: (err: unknown) => void,
  ) {}

  /** After a restart nothing is in flight: deregistrations that were draining are complete. */
  async restore(): Promise<void> {
    for (const tg of this.state.targetGroups.values()) {
      for (const t of this.state.targetList(tg.arn)) if (t.health.state === 'draining') await this.state.deleteTarget(t);
    }
    this.onChange();
  }

  inUse = (tgArn: string) => this.state.listenersUsing(tgArn).length > 0;

  /** Call inside state.exclusive. A target already registered (and not draining) is left as it is. */
  async register(tg: TargetGroupRecord, id: string, port: number): Promise<void> {
    const existing = this.state.target(tg.arn, id, port);
    if (existing && existing.health.state !== 'draining') return;
    this.clearDrainTimer(tg.arn, id, port);
    await this.state.putTarget({
      targetGroupArn: tg.arn,
      id,
      port,
      registeredAt: this.now() / 1000,
      health: this.inUse(tg.arn) ? justRegistered() : notInUse(),
    });
    this.onChange();
  }

  /** Call inside state.exclusive. Deregistering a target that is not registered does nothing, as in ELB. */
  async deregister(tg: TargetGroupRecord, id: string, port: number): Promise<void> {
    const existing = this.state.target(tg.arn, id, port);
    if (!existing || existing.health.state === 'draining') return;
    const delayMs = deregistrationDelaySeconds(tg) * 1000;
    if (delayMs === 0 || this.requests(tg.arn, id, port) === 0) {
      await this.state.deleteTarget(existing);
    } else {
      const drainingUntil = this.now() + delayMs;
      await this.state.putTarget({ ...existing, health: draining(), drainingUntil });
      this.drainTimers.set(
        this.flightKey(tg.arn, id, port),
        setTimeout(() => this.finishDrain(tg.arn, id, port).catch(this.onError), delayMs).unref(),
      );
    }
    this.onChange();
  }

  /** Call inside state.exclusive, after listeners changed: targets of groups now in use start health checks; the others become unused. */
  async refreshUse(tgArns: Iterable<string>): Promise<void> {
    for (const arn of new Set(tgArns)) {
      const used = this.inUse(arn);
      for (const t of this.state.targetList(arn)) {
        if (t.health.state === 'draining') continue;
        if (used && t.health.state === 'unused') await this.state.putTarget({ ...t, health: justRegistered() });
        if (!used && t.health.state !== 'unused') await this.state.putTarget({ ...t, health: notInUse() });
      }
    }
    this.onChange();
  }

  /** A health check's outcome; written only when the state a client sees changes. */
  recordCheck(tgArn: string, id: string, port: number, result: CheckResult): Promise<void> {
    return this.state.exclusive(async () => {
      const tg = this.state.targetGroups.get(tgArn);
      const t = this.state.target(tgArn, id, port);
      if (!tg || !t) return;
      const next = afterCheck(t.health, result, { healthy: tg.healthCheck.healthyThreshold, unhealthy: tg.healthCheck.unhealthyThreshold });
      if (visiblyChanged(t.health, next)) await this.state.putTarget({ ...t, health: next });
      else t.health = next; // counters only: not worth a write
    });
  }

  /** The data plane tells when a request to a target starts and ends. */
  requestStarted(tgArn: string, t: TargetRecord): void {
    const k = this.flightKey(tgArn, t.id, t.port);
    this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
  }

  requestEnded(tgArn: string, t: TargetRecord): void {
    const k = this.flightKey(tgArn, t.id, t.port);
    const n = (this.inFlight.get(k) ?? 1) - 1;
    if (n > 0) return void this.inFlight.set(k, n);
    this.inFlight.delete(k);
    if (this.state.target(tgArn, t.id, t.port)?.health.state === 'draining') this.finishDrain(tgArn, t.id, t.port).catch(this.onError);
  }

  requests(tgArn: string, id: string, port: number): number {
    return this.inFlight.get(this.flightKey(tgArn, id, port)) ?? 0;
  }

  stop(): void {
    for (const timer of this.drainTimers.values()) clearTimeout(timer);
    this.drainTimers.clear();
  }

  private finishDrain(tgArn: string, id: string, port: number): Promise<void> {
    return this.state.exclusive(async () => {
      this.clearDrainTimer(tgArn, id, port);
      const t = this.state.target(tgArn, id, port);
      if (t?.health.state !== 'draining') return;
      await this.state.deleteTarget(t);
      this.onChange();
    });
  }

  private clearDrainTimer(tgArn: string, id: string, port: number) {
    const k = this.flightKey(tgArn, id, port);
    clearTimeout(this.drainTimers.get(k));
    this.drainTimers.delete(k);
  }

  private flightKey = (tgArn: string, id: string, port: number) => `${tgArn} ${targetKey(id, port)}`;
}
