import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN } from '../../protocol/index.js';
import type { PortProtocol, PortRequest } from './types.js';

/**
 * Ports no task may bind on any instance: SSH, the Docker daemon (2375/2376)
 * and the ECS agent's own endpoints (51678–51680). The agent's defaults
 * reserve them for TCP only; Berth holds them on UDP too, which is stricter
 * and costs no real workload anything.
 */
export const ALWAYS_RESERVED_PORTS: readonly number[] = [22, 2375, 2376, 51678, 51679, 51680];

const inDynamicRange = (port: number) => port >= DYNAMIC_PORT_MIN && port <= DYNAMIC_PORT_MAX;

/** What one task asks of one protocol, worked out once per request. */
export interface PortDemand {
  /** Static host ports, in mapping order. */
  statics: number[];
  /** Statics that also eat into the dynamic range. */
  staticsInDynamicRange: number;
  dynamicCount: number;
  /** The task maps one host port twice: it can never be placed. */
  selfConflict: boolean;
}

export const isDynamic = (port: PortRequest) => port.hostPort === undefined || port.hostPort === 0;

export function portDemand(ports: readonly PortRequest[], protocol: PortProtocol): PortDemand {
  const statics: number[] = [];
  let dynamicCount = 0;
  for (const port of ports) {
    if (port.protocol !== protocol) continue;
    if (isDynamic(port)) dynamicCount++;
    else statics.push(port.hostPort!);
  }
  return {
    statics,
    staticsInDynamicRange: statics.filter(inDynamicRange).length,
    dynamicCount,
    selfConflict: new Set(statics).size !== statics.length,
  };
}

const DYNAMIC_RANGE_SIZE = DYNAMIC_PORT_MAX - DYNAMIC_PORT_MIN + 1;
const ALWAYS_RESERVED = new Set(ALWAYS_RESERVED_PORTS);
const ALWAYS_RESERVED_IN_RANGE = ALWAYS_RESERVED_PORTS.filter(inDynamicRange).length;
const NONE: readonly number[] = [];

/**
 * The host ports of one instance for one protocol. Most instances of a call
 * are only looked at, never placed on, so until the first placement this reads
 * the caller's arrays instead of building a set: per-call setup stays O(1) per
 * instance. The set (with an exact count of free dynamic ports) is built on
 * first write, or when the cheap bound below cannot decide.
 */
export class HostPorts {
  private taken: Set<number> | undefined;
  private freeDynamic = 0;
  /** Every dynamic port below it is taken; ports are never freed during a placement call. */
  private cursor = DYNAMIC_PORT_MIN;

  constructor(
    private readonly used: readonly number[],
    private readonly reserved: readonly number[] = NONE,
  ) {}

  /** Whether a task with this demand fits: statics free and enough dynamic ports left over. */
  fits(demand: PortDemand): boolean {
    for (const port of demand.statics) if (this.isTaken(port)) return false;
    // Free statics in the dynamic range are about to be taken too, so they count against it.
    return demand.dynamicCount === 0 || this.hasFreeDynamic(demand.dynamicCount + demand.staticsInDynamicRange);
  }

  take(port: number): void {
    const taken = this.materialize();
    if (taken.has(port)) return;
    taken.add(port);
    if (inDynamicRange(port)) this.freeDynamic--;
  }

  /**
   * Takes the lowest free dynamic port. Lowest-first (rather than seeded) keeps
   * assignments predictable for operators and cheap: the cursor only moves up.
   */
  takeDynamic(): number {
    const taken = this.materialize();
    while (taken.has(this.cursor)) this.cursor++;
    if (this.cursor > DYNAMIC_PORT_MAX) throw new Error('No free dynamic host port: fits() must be checked first');
    const port = this.cursor;
    this.take(port);
    return port;
  }

  private isTaken(port: number): boolean {
    if (this.taken) return this.taken.has(port);
    return ALWAYS_RESERVED.has(port) || this.used.includes(port) || this.reserved.includes(port);
  }

  private hasFreeDynamic(count: number): boolean {
    // Lower bound on free ports, as if every listed port were distinct and in the range.
    if (!this.taken && DYNAMIC_RANGE_SIZE - ALWAYS_RESERVED_IN_RANGE - this.used.length - this.reserved.length >= count) {
      return true;
    }
    this.materialize();
    return this.freeDynamic >= count;
  }

  private materialize(): Set<number> {
    if (this.taken) return this.taken;
    const taken = new Set(ALWAYS_RESERVED);
    for (const port of this.reserved) taken.add(port);
    for (const port of this.used) taken.add(port);
    let takenDynamic = 0;
    for (const port of taken) if (inDynamicRange(port)) takenDynamic++;
    this.freeDynamic = DYNAMIC_RANGE_SIZE - takenDynamic;
    this.taken = taken;
    return taken;
  }
}
