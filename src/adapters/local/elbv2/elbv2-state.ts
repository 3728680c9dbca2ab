/**
 * The twin's state in memory, written through to its DynamoDB Local table
 * (Elbv2Store) before memory changes, so a failed write changes nothing.
 * Control-plane calls that change state run one at a time (`exclusive`):
 * "name not taken, then create" and "port free, then bind" hold without
 * conditional writes. The data plane and health checker read the maps directly.
 */
import type { Elbv2Store } from './elbv2-store.js';
import { targetKey, type ListenerRecord, type LoadBalancerRecord, type TargetGroupRecord, type TargetRecord } from './records.js';

export class Elbv2State {
  readonly loadBalancers = new Map<string, LoadBalancerRecord>();
  readonly targetGroups = new Map<string, TargetGroupRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  /** Target group ARN → targetKey(id, port) → target. */
  private readonly targets = new Map<string, Map<string, TargetRecord>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Elbv2Store) {}

  async load(): Promise<void> {
    const stored = await this.store.load();
    for (const r of stored.loadBalancers) this.loadBalancers.set(r.arn, r);
    for (const r of stored.targetGroups) this.targetGroups.set(r.arn, r);
    for (const r of stored.listeners) this.listeners.set(r.arn, r);
    for (const r of stored.targets) this.targetsOf(r.targetGroupArn).set(targetKey(r.id, r.port), r);
  }

  /** Runs state-changing calls one at a time, in arrival order. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async putLoadBalancer(r: LoadBalancerRecord) {
    await this.store.putLoadBalancer(r);
    this.loadBalancers.set(r.arn, r);
  }

  async deleteLoadBalancer(arn: string) {
    await this.store.deleteLoadBalancer(arn);
    this.loadBalancers.delete(arn);
  }

  async putTargetGroup(r: TargetGroupRecord) {
    await this.store.putTargetGroup(r);
    this.targetGroups.set(r.arn, r);
  }

  async deleteTargetGroup(arn: string) {
    for (const t of [...this.targetsOf(arn).values()]) await this.deleteTarget(t);
    await this.store.deleteTargetGroup(arn);
    this.targetGroups.delete(arn);
    this.targets.delete(arn);
  }

  async putListener(r: ListenerRecord) {
    await this.store.putListener(r);
    this.listeners.set(r.arn, r);
  }

  async deleteListener(arn: string) {
    await this.store.deleteListener(arn);
    this.listeners.delete(arn);
  }

  async putTarget(r: TargetRecord) {
    await this.store.putTarget(r);
    this.targetsOf(r.targetGroupArn).set(targetKey(r.id, r.port), r);
  }

  async deleteTarget(r: TargetRecord) {
    await this.store.deleteTarget(r);
    this.targets.get(r.targetGroupArn)?.delete(targetKey(r.id, r.port));
  }

  /** The registered targets of a target group (draining ones included), in registration order. */
  targetList(tgArn: string): TargetRecord[] {
    return [...(this.targets.get(tgArn)?.values() ?? [])];
  }

  target(tgArn: string, id: string, port: number): TargetRecord | undefined {
    return this.targets.get(tgArn)?.get(targetKey(id, port));
  }

  listenersOf(lbArn: string): ListenerRecord[] {
    return [...this.listeners.values()].filter((l) => l.loadBalancerArn === lbArn);
  }

  /** The listeners forwarding to a target group. */
  listenersUsing(tgArn: string): ListenerRecord[] {
    return [...this.listeners.values()].filter((l) => l.action.targetGroups.some((g) => g.arn === tgArn));
  }

  /** The load balancers a target group receives traffic from (TargetGroup.LoadBalancerArns). */
  loadBalancerArnsOf(tgArn: string): string[] {
    return [...new Set(this.listenersUsing(tgArn).map((l) => l.loadBalancerArn))];
  }

  private targetsOf(tgArn: string): Map<string, TargetRecord> {
    let m = this.targets.get(tgArn);
    if (!m) this.targets.set(tgArn, (m = new Map()));
    return m;
  }
}
