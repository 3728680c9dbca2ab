import type { FilterCheck } from './filters/filter.js';
import type { WorkingInstance } from './working-instance.js';

/**
 * Filter results per instance. Every filter depends only on the instance it
 * looks at, and a placement changes only the instance it lands on, so after
 * the first pass only that one instance is re-checked: O(1) filter work per
 * placement instead of O(instances × filters).
 */
export class Feasibility {
  /**
   * Indexes of the instances that passed every check, in no stable order: the
   * list selectInstance scans, so infeasible instances cost nothing per placement.
   */
  readonly candidates: Int32Array;
  candidateCount = 0;
  /** Where each instance sits in `candidates`, or -1. */
  private readonly slot: Int32Array;
  /** How many checks each instance passed, to find the closest match. */
  private readonly passed: Uint8Array;
  private readonly reasons: (string | undefined)[];

  constructor(
    private readonly instances: readonly WorkingInstance[],
    private readonly checks: readonly FilterCheck[],
  ) {
    this.candidates = new Int32Array(instances.length);
    this.slot = new Int32Array(instances.length).fill(-1);
    this.passed = new Uint8Array(instances.length);
    this.reasons = new Array<string | undefined>(instances.length);
    for (let i = 0; i < instances.length; i++) this.refresh(i);
  }

  refresh(index: number): void {
    const instance = this.instances[index]!;
    let passed = 0;
    let reason: string | undefined;
    for (; passed < this.checks.length; passed++) {
      reason = this.checks[passed]!(instance);
      if (reason !== undefined) break;
    }
    this.passed[index] = passed;
    this.reasons[index] = reason;
    if (reason === undefined) this.add(index);
    else this.remove(index);
  }

  private add(index: number): void {
    if (this.slot[index] !== -1) return;
    this.slot[index] = this.candidateCount;
    this.candidates[this.candidateCount++] = index;
  }

  /** Swap-remove: O(1), and deterministic, which is all the seeded tie-break needs. */
  private remove(index: number): void {
    const at = this.slot[index]!;
    if (at === -1) return;
    const last = this.candidates[--this.candidateCount]!;
    this.candidates[at] = last;
    this.slot[last] = at;
    this.slot[index] = -1;
  }

  /**
   * The instance that got furthest down the pipeline and why it stopped; the
   * first in input order wins a tie. Undefined when there are no instances.
   * Call it only when there is no candidate.
   */
  closest(): { instance: WorkingInstance; reason: string } | undefined {
    let best = -1;
    for (let i = 0; i < this.instances.length; i++) {
      if (best < 0 || this.passed[i]! > this.passed[best]!) best = i;
    }
    if (best < 0) return undefined;
    // Only asked when nothing is feasible, so every instance has a reason.
    return { instance: this.instances[best]!, reason: this.reasons[best]! };
  }
}
