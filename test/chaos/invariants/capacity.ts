import { countBucket } from '../../../src/domain/task.js';
import type { Invariant } from './invariant.js';
import { short } from './invariant.js';

/**
 * Bookkeeping is exact: on every instance (deregistered ones too, while they
 * still account for tasks) remaining CPU and memory are registered minus what
 * live tasks hold, never negative; every used host port is held by exactly
 * one live task and none is a reserved port; the pending/running counters and
 * the task-group counts match the tasks.
 */
export const capacity = (): Invariant => ({
  name: 'capacity',
  holds: "no instance's CPU, memory or port is overcommitted; registered − reserved = remaining, exactly; counters match the tasks",
  check({ after }) {
    const out: string[] = [];
    const live = [...after.tasks.values()].map((v) => v.task).filter((t) => t.lastStatus !== 'STOPPED');
    for (const i of after.instances.values()) {
      const mine = live.filter((t) => t.containerInstanceId === i.id);
      const holding = mine.filter((t) => t.reservation?.computeHeld);
      const cpu = holding.reduce((s, t) => s + t.reservation!.cpu, 0);
      const memory = holding.reduce((s, t) => s + t.reservation!.memory, 0);
      const at = `instance ${short(i.id)} (${i.status})`;
      if (i.remainingCpu !== i.registeredCpu - cpu)
        out.push(`${at}: remainingCpu ${i.remainingCpu}, registered ${i.registeredCpu} − held ${cpu}`);
      if (i.remainingMemory !== i.registeredMemory - memory)
        out.push(`${at}: remainingMemory ${i.remainingMemory}, registered ${i.registeredMemory} − held ${memory}`);
      if (i.remainingCpu < 0 || i.remainingMemory < 0)
        out.push(`${at}: overcommitted (cpu ${i.remainingCpu}, memory ${i.remainingMemory})`);
      for (const [protocol, used, reserved] of [
        ['tcp', i.usedTcpPorts, i.reservedTcpPorts],
        ['udp', i.usedUdpPorts, i.reservedUdpPorts],
      ] as const) {
        const held = mine.flatMap((t) => (protocol === 'tcp' ? t.reservation?.tcpPorts : t.reservation?.udpPorts) ?? []);
        const twice = held.filter((p, n) => held.indexOf(p) !== n);
        if (twice.length) out.push(`${at}: ${protocol} ports held by two live tasks: ${[...new Set(twice)].join(', ')}`);
        const sorted = [...new Set(held)].sort((a, b) => a - b).join(',');
        if ([...used].sort((a, b) => a - b).join(',') !== sorted)
          out.push(`${at}: used ${protocol} ports [${used.join(',')}], tasks hold [${sorted}]`);
        const clash = held.filter((p) => reserved.includes(p));
        if (clash.length) out.push(`${at}: reserved ${protocol} ports handed to tasks: ${clash.join(', ')}`);
      }
      const pending = mine.filter((t) => countBucket(t.lastStatus) === 'pending').length;
      const running = mine.filter((t) => countBucket(t.lastStatus) === 'running').length;
      if (i.pendingTasksCount !== pending || i.runningTasksCount !== running)
        out.push(`${at}: counters pending ${i.pendingTasksCount}/running ${i.runningTasksCount}, tasks say ${pending}/${running}`);
      const groups = new Map<string, number>();
      for (const t of holding) groups.set(t.reservation!.group, (groups.get(t.reservation!.group) ?? 0) + 1);
      for (const g of new Set([...Object.keys(i.taskGroups), ...groups.keys()])) {
        if ((i.taskGroups[g] ?? 0) !== (groups.get(g) ?? 0))
          out.push(`${at}: group ${g} counted ${i.taskGroups[g] ?? 0}, tasks ${groups.get(g) ?? 0}`);
      }
    }
    for (const t of live) {
      if (t.containerInstanceId && !after.instances.has(t.containerInstanceId))
        out.push(`live task ${short(t.taskId)} on instance ${short(t.containerInstanceId)}, which is gone`);
    }
    return out;
  },
});
