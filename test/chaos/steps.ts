/**
 * A chaos run is a list of steps, generated from a seed, stored as plain
 * data: it replays exactly (same steps, same seeds, same interleavings), and a
 * failing list can be shrunk by deleting steps or actions. A step's actions
 * run concurrently under the interleaver; its own seed orders their DynamoDB
 * calls, so deleting other steps does not change how this one interleaves.
 */
import { createRandom, type Random } from '../../src/scheduler/placement/random.js';
import { HOSTS, RUN_TASK_TEMPLATES, SERVICES } from './catalog.js';

/** How an agent misbehaves on one poll. */
export type ReportFault = 'none' | 'late' | 'duplicate' | 'reorder' | 'backwards';

export type Action =
  | { kind: 'runTask'; template: string; token?: string }
  | { kind: 'startTask'; template: string; host: number }
  /** `pick` chooses among the live tasks of the last observation (sorted by id). */
  | { kind: 'stopTask'; pick: number }
  | { kind: 'createService'; service: string; desired: number }
  | { kind: 'scaleService'; service: string; desired: number }
  | { kind: 'deployService'; service: string; revision: number }
  | { kind: 'deleteService'; service: string }
  | { kind: 'setInstanceState'; host: number; status: 'ACTIVE' | 'DRAINING' }
  | { kind: 'deregister'; host: number }
  | { kind: 'pass' }
  | { kind: 'poll'; host: number; fault: ReportFault; seed: number }
  /** The host's agent stops polling for a while (no DynamoDB call: the world changes). */
  | { kind: 'vanish'; host: number; forMs: number }
  /** Every live standalone task is stopped, each agent comes back, every instance is ACTIVE (before a convergence check). */
  | { kind: 'calm' }
  /** RunTask again with every clientToken used so far (same parameters): each must answer what it answered before. */
  | { kind: 'retryTokens' };

export interface Step {
  /** Unique in the run, kept when shrinking (ids and seeds derive from it). */
  id: number;
  /** Clock at the step, epoch ms. */
  at: number;
  /** Orders the actions' DynamoDB calls. */
  seed: number;
  actions: Action[];
  /** Per action: dies after this many DynamoDB calls. */
  crashes: (number | null)[];
  /** Part of a convergence phase: faults stopped. */
  quiet?: boolean;
}

export const START_AT = Date.UTC(2026, 0, 1);

/** The weights of what a step does: agents and passes dominate, as they would in a real cluster. */
const ACTION_WEIGHTS: [Action['kind'], number][] = [
  ['poll', 40],
  ['pass', 18],
  ['runTask', 8],
  ['stopTask', 4],
  ['scaleService', 6],
  ['createService', 3],
  ['deployService', 3],
  ['deleteService', 1],
  ['setInstanceState', 2.5],
  ['deregister', 0.5],
  ['startTask', 2],
  ['vanish', 0.8],
];
const FAULTS: [ReportFault, number][] = [
  ['none', 50],
  ['late', 15],
  ['duplicate', 12],
  ['reorder', 12],
  ['backwards', 11],
];
const CRASH_CHANCE = 0.15;
const TOKENS = 12;

function weighted<T>(random: Random, table: readonly [T, number][]): T {
  let r = random() * table.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of table) if ((r -= w) < 0) return value;
  return table[table.length - 1]![0];
}
const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, list: readonly T[]) => list[int(random, list.length)]!;

/** Generates `count` steps after `from` (ids, times and seeds continue from it). */
export class StepGenerator {
  private readonly random: Random;
  /** Each clientToken always goes with the same RunTask template: a retry is the same call. */
  private readonly tokenTemplates = new Map<string, string>();
  /** The desired count this generator last asked of each service (bursts scale in from it). */
  private readonly desired = new Map<string, number>();
  private nextId = 1;
  private at = START_AT;

  constructor(seed: number) {
    this.random = createRandom(seed);
  }

  next(): Step {
    const r = this.random;
    // Mostly a second or two; now and then a long silence, long enough for agents to count as lost.
    this.at += r() < 0.01 ? 30_000 + int(r, 45_000) : 200 + int(r, 2800);
    const size = weighted(r, [
      [1, 40],
      [2, 30],
      [3, 20],
      [4, 10],
    ] as [number, number][]);
    // A third of the steps are bursts: the same kind of thing several times at once, where races live.
    const actions = r() < 0.3 ? this.burst() : Array.from({ length: size }, () => this.action());
    return {
      id: this.nextId++,
      at: this.at,
      seed: int(r, 2 ** 31),
      actions,
      crashes: actions.map((a) => (a.kind !== 'vanish' && r() < CRASH_CHANCE ? 1 + int(r, 10) : null)),
    };
  }

  /** The start of a convergence phase: every clientToken asked again, then the world calmed (see Action). */
  calm(): Step[] {
    return [this.quiet([{ kind: 'retryTokens' }], 1000), this.quiet([{ kind: 'calm' }], 1000)];
  }

  /** One fault-free round of a convergence phase: every host polls, one pass runs. */
  round(): Step {
    return this.quiet(
      [
        ...HOSTS.map((_, host) => ({ kind: 'poll' as const, host, fault: 'none' as const, seed: int(this.random, 2 ** 31) })),
        { kind: 'pass' },
      ],
      5000,
    );
  }

  private quiet(actions: Action[], dt: number): Step {
    this.at += dt;
    return { id: this.nextId++, at: this.at, seed: int(this.random, 2 ** 31), actions, crashes: actions.map(() => null), quiet: true };
  }

  /**
   * Where races live: passes overlapping a scale-in or a deployment, RunTask
   * calls racing for one placement rule (maybe with one clientToken), every
   * host polling while passes run.
   */
  private burst(): Action[] {
    const r = this.random;
    const service = pick(r, SERVICES);
    const passes = (n: number) => Array.from({ length: n }, () => ({ kind: 'pass' as const }));
    switch (int(r, 5)) {
      case 0: {
        const from = this.desired.get(service.name) ?? service.maxDesired;
        const desired = from > 1 && r() < 0.7 ? int(r, from) : int(r, service.maxDesired + 1);
        this.desired.set(service.name, desired);
        return [{ kind: 'scaleService', service: service.name, desired }, ...passes(2 + int(r, 2))];
      }
      case 1:
        return [{ kind: 'deployService', service: service.name, revision: int(r, service.taskDefinitions.length) }, ...passes(2)];
      case 2: {
        const first = this.action('runTask') as Extract<Action, { kind: 'runTask' }>;
        return [first, r() < 0.5 ? first : { ...first, token: undefined }, ...(r() < 0.5 ? passes(1) : [])];
      }
      case 3:
        return [
          ...HOSTS.map((_, host) => ({ kind: 'poll' as const, host, fault: weighted(r, FAULTS), seed: int(r, 2 ** 31) })),
          ...passes(1 + int(r, 2)),
        ];
      default:
        return passes(2 + int(r, 2));
    }
  }

  private action(forced?: Action['kind']): Action {
    const r = this.random;
    const kind = forced ?? weighted(r, ACTION_WEIGHTS);
    const host = int(r, HOSTS.length);
    const service = pick(r, SERVICES);
    switch (kind) {
      case 'poll':
        return { kind, host, fault: weighted(r, FAULTS), seed: int(r, 2 ** 31) };
      case 'pass':
        return { kind };
      case 'runTask': {
        if (r() < 0.4) return { kind, template: pick(r, RUN_TASK_TEMPLATES).name };
        const token = `tok-${int(r, TOKENS)}`;
        if (!this.tokenTemplates.has(token)) this.tokenTemplates.set(token, pick(r, RUN_TASK_TEMPLATES).name);
        return { kind, template: this.tokenTemplates.get(token)!, token };
      }
      case 'startTask':
        // StartTask takes no placement constraints (only the task definition's): only templates without any of their own.
        return {
          kind,
          template: pick(
            r,
            RUN_TASK_TEMPLATES.filter((t) => !t.placementConstraints),
          ).name,
          host,
        };
      case 'stopTask':
        return { kind, pick: int(r, 1000) };
      case 'createService':
      case 'scaleService': {
        const desired = int(r, service.maxDesired + 1);
        this.desired.set(service.name, desired);
        return { kind, service: service.name, desired };
      }
      case 'deployService':
        return { kind, service: service.name, revision: int(r, service.taskDefinitions.length) };
      case 'deleteService':
        return { kind, service: service.name };
      case 'setInstanceState':
        return { kind, host, status: r() < 0.5 ? 'DRAINING' : 'ACTIVE' };
      case 'deregister':
        return { kind, host };
      case 'vanish':
        return { kind, host, forMs: 10_000 + int(r, 80_000) };
      default:
        throw new Error(`no generator for ${kind}`);
    }
  }
}

/** One line per step, for a failure report and a replay file. */
export function describeStep(step: Step): string {
  const actions = step.actions.map((a, i) => {
    const crash = step.crashes[i] ? ` ✝${step.crashes[i]}` : '';
    const { kind, ...rest } = a;
    const args = Object.entries(rest)
      .filter(([k]) => k !== 'seed')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `${kind}${args ? `(${args})` : ''}${crash}`;
  });
  return `#${step.id} +${((step.at - START_AT) / 1000).toFixed(1)}s ${actions.join(' ‖ ')}`;
}
