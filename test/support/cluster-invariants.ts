import { expect } from 'vitest';
import type { AppContext } from '../../src/app/context.js';

/**
 * The accounting invariant: on every instance, remaining = registered − what
 * its live tasks hold, nothing is negative, and no host port is held by two
 * tasks. Reads every live task (fine in a test, never on a request path).
 */
export async function expectConsistentAccounting(ctx: AppContext, cluster: string): Promise<void> {
  const instances = await ctx.instances.listAll(cluster);
  for (const instance of instances) {
    const live = (await ctx.tasks.liveOnInstance(cluster, instance.id)).map((v) => v.task);
    const held = live.filter((t) => t.reservation?.computeHeld);
    const cpu = held.reduce((s, t) => s + t.reservation!.cpu, 0);
    const memory = held.reduce((s, t) => s + t.reservation!.memory, 0);
    expect(instance.remainingCpu, `cpu of ${instance.id}`).toBe(instance.registeredCpu - cpu);
    expect(instance.remainingMemory, `memory of ${instance.id}`).toBe(instance.registeredMemory - memory);
    expect(instance.remainingCpu).toBeGreaterThanOrEqual(0);
    expect(instance.remainingMemory).toBeGreaterThanOrEqual(0);
    const tcp = live.flatMap((t) => t.reservation?.tcpPorts ?? []);
    expect(new Set(tcp).size, `tcp ports of ${instance.id} held twice`).toBe(tcp.length);
    expect([...tcp].sort((a, b) => a - b)).toEqual(instance.usedTcpPorts);
    const udp = live.flatMap((t) => t.reservation?.udpPorts ?? []);
    expect(new Set(udp).size).toBe(udp.length);
    expect(instance.pendingTasksCount + instance.runningTasksCount).toBe(live.length);
  }
}
