/**
 * An invariant is a named promise about the store (and the hosts' truth)
 * that must hold after every step, whatever ran in parallel or crashed.
 * Each is created fresh for a run (it may remember earlier steps, e.g. what a
 * clientToken answered). New features add their own: a file here and a line
 * in index.ts (load balancer draining, daemon services, task protection…).
 */
import type { Observation } from '../observe.js';
import type { StepLog, World } from '../world.js';

export interface CheckContext {
  before: Observation;
  after: Observation;
  log: StepLog;
  world: World;
}

export interface Invariant {
  readonly name: string;
  /** What must hold, in one sentence (printed in reports). */
  readonly holds: string;
  /** Violations, worded for a human: empty when the invariant holds. */
  check(c: CheckContext): string[] | Promise<string[]>;
}

/** A condition of the converged state, checked after a fault-free phase. */
export interface ConvergenceCondition {
  readonly name: string;
  readonly holds: string;
  check(world: World, now: Observation): string[];
}

export const short = (id: string | undefined) => (id ?? '-').slice(0, 12);
