import type { CqlTarget } from './cql/evaluate.js';
import { HostPorts, isDynamic } from './host-ports.js';
import { usesProtocol, type PlacementDemand } from './placement-demand.js';
import type { InstanceStatus, PlacedPort, PlacementInstance } from './types.js';

/**
 * The engine's private, mutable copy of one instance. Placing a task updates
 * it so later tasks of the same call see the cpu, memory, ports and groups the
 * earlier ones took. The caller's PlacementInstance is never written: the
 * attribute map and port lists are read in place, the group map and port sets
 * are copied on the first placement here.
 */
export class WorkingInstance implements CqlTarget {
  readonly id: string;
  readonly arn: string;
  readonly status: InstanceStatus;
  readonly agentConnected: boolean;
  readonly agentVersion?: string;
  readonly ec2InstanceId?: string;
  readonly registeredAt: number;
  readonly attributes: Readonly<Record<string, string | null>>;
  remainingCpu: number;
  remainingMemory: number;
  /**
   * Counts the tasks this call placed as running: they are committed to start,
   * and a `runningTasksCount == 0` constraint means "an empty instance".
   */
  runningTasksCount: number;
  /** Still the caller's map until ownsTaskGroups: copy before writing. */
  taskGroups: Record<string, number>;
  /** Live tasks of the request's group, kept apart from taskGroups because spread and distinctInstance read it per candidate. */
  groupCount: number;
  /** Only built for the protocols the task uses. */
  readonly tcp?: HostPorts;
  readonly udp?: HostPorts;
  private ownsTaskGroups = false;

  constructor(
    source: PlacementInstance,
    /** Position in the caller's array; strategies index their tables with it. */
    readonly index: number,
    task: PlacementDemand,
  ) {
    this.id = source.id;
    this.arn = source.arn;
    this.status = source.status;
    this.agentConnected = source.agentConnected;
    if (source.agentVersion !== undefined) this.agentVersion = source.agentVersion;
    if (source.ec2InstanceId !== undefined) this.ec2InstanceId = source.ec2InstanceId;
    this.registeredAt = source.registeredAt;
    this.attributes = source.attributes;
    this.remainingCpu = source.remainingCpu;
    this.remainingMemory = source.remainingMemory;
    this.runningTasksCount = source.runningTasksCount;
    this.taskGroups = source.taskGroups;
    this.groupCount = Object.hasOwn(source.taskGroups, task.group) ? source.taskGroups[task.group]! : 0;
    if (usesProtocol(task.tcp)) this.tcp = new HostPorts(source.usedTcpPorts, source.reservedTcpPorts);
    if (usesProtocol(task.udp)) this.udp = new HostPorts(source.usedUdpPorts, source.reservedUdpPorts);
  }

  /** Commits one task; the filters must have accepted it. Returns its host ports in mapping order. */
  place(task: PlacementDemand): PlacedPort[] {
    this.remainingCpu -= task.cpu;
    this.remainingMemory -= task.memory;
    this.runningTasksCount++;
    this.groupCount++;
    if (!this.ownsTaskGroups) {
      this.taskGroups = { ...this.taskGroups };
      this.ownsTaskGroups = true;
    }
    this.taskGroups[task.group] = this.groupCount;
    return this.assignPorts(task);
  }

  /** Statics first, so a dynamic port never lands on one of the task's own static ports. */
  private assignPorts(task: PlacementDemand): PlacedPort[] {
    if (task.ports.length === 0) return [];
    for (const port of task.ports) {
      if (!isDynamic(port)) this.portsFor(port.protocol).take(port.hostPort!);
    }
    return task.ports.map((port) => ({
      ...port,
      hostPort: isDynamic(port) ? this.portsFor(port.protocol).takeDynamic() : port.hostPort!,
    }));
  }

  private portsFor(protocol: 'tcp' | 'udp'): HostPorts {
    return (protocol === 'tcp' ? this.tcp : this.udp)!;
  }
}
