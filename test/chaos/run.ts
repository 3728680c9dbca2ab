/**
 * Runs a chaos scenario: generated from a seed, or replayed from a step
 * list. After every step every invariant is checked; every `convergeEvery`
 * steps and at the end, faults stop (no crash, no misbehaving agent, every
 * agent back, standalone tasks stopped, every clientToken asked again) and
 * rounds of polls and one pass run until the cluster converges, or the bound
 * is exceeded.
 */
import { backoffUntil, deploymentSettings } from '../../src/scheduler/reconcile/index.js';
import { CONVERGENCE, createInvariants, type Invariant } from './invariants/index.js';
import type { Observation } from './observe.js';
import { describeStep, START_AT, StepGenerator, type Step } from './steps.js';
import { World } from './world.js';

export interface Failure {
  invariant: string;
  messages: string[];
  /** Index in the executed steps of the step after which it showed. */
  at: number;
}

export interface Stats {
  steps: number;
  actions: Record<string, number>;
  /** Actors killed after one of their DynamoDB calls. */
  crashes: number;
  /** The same, by what was killed (a pass, a poll, RunTask…). */
  crashesByKind: Record<string, number>;
  /** Polls that misbehaved on purpose, by how (late, duplicate, reorder, backwards). */
  reportFaults: Record<string, number>;
  /** Steps in which two or more reconcile passes ran at once. */
  parallelPassSteps: number;
  /** Invariant evaluations (every invariant after every step) and convergence-condition evaluations. */
  invariantChecks: number;
  convergenceChecks: number;
  /** DynamoDB calls made by actors (the checker's reads not counted). */
  calls: number;
  /** Client errors answered, by code (expected ones: a deleted service, a full cluster…). */
  errors: Record<string, number>;
  convergencePhases: number;
  /** The most fault-free rounds (polls + one pass, 5 s apart) a convergence needed. */
  maxRoundsToConverge: number;
}

export interface RunReport {
  seed?: number;
  steps: Step[];
  failure?: Failure;
  /** Stopped on request before its last step. */
  stopped?: boolean;
  stats: Stats;
  ms: number;
}

export interface RunOptions {
  seed: number;
  steps: number;
  convergeEvery?: number;
  progress?: (line: string) => void;
  /** Stops the run after the step under way (e.g. on SIGTERM): the report says how far it got, clean or not. */
  stop?: AbortSignal;
}

/** Rounds a convergence may take once backoffs have expired: generous for a rolling stop-first deployment and a lost host. */
export const CONVERGENCE_ROUNDS = 30;
const ROUND_MS = 5000;

class Session {
  readonly executed: Step[] = [];
  readonly invariants: Invariant[] = createInvariants();
  readonly stats: Stats = {
    steps: 0,
    actions: {},
    crashes: 0,
    crashesByKind: {},
    reportFaults: {},
    parallelPassSteps: 0,
    invariantChecks: 0,
    convergenceChecks: 0,
    calls: 0,
    errors: {},
    convergencePhases: 0,
    maxRoundsToConverge: 0,
  };

  constructor(readonly world: World) {}

  /** Executes one step and checks every invariant; returns the first one violated. */
  async run(step: Step): Promise<Failure | undefined> {
    this.executed.push(step);
    const log = await this.world.execute(step);
    const [before, after] = await this.world.observe();
    this.count(step, log.outcomes);
    for (const invariant of this.invariants) {
      this.stats.invariantChecks++;
      const messages = await invariant.check({ before, after, log, world: this.world });
      if (messages.length) return { invariant: invariant.name, messages, at: this.executed.length - 1 };
    }
    return undefined;
  }

  converged(now: Observation): Failure | undefined {
    for (const condition of CONVERGENCE) {
      this.stats.convergenceChecks++;
      const messages = condition.check(this.world, now);
      if (messages.length) return { invariant: condition.name, messages, at: this.executed.length - 1 };
    }
    return undefined;
  }

  private count(step: Step, outcomes: Awaited<ReturnType<World['execute']>>['outcomes']) {
    const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    this.stats.steps++;
    if (step.actions.filter((a) => a.kind === 'pass').length > 1) this.stats.parallelPassSteps++;
    step.actions.forEach((a, i) => {
      bump(this.stats.actions, a.kind);
      if (a.kind === 'poll' && a.fault !== 'none') bump(this.stats.reportFaults, a.fault);
      const o = outcomes[i]!;
      this.stats.calls += o.calls;
      if (o.kind === 'crashed') {
        this.stats.crashes++;
        bump(this.stats.crashesByKind, a.kind);
      }
      if (o.kind === 'error') bump(this.stats.errors, (o.error as Error).name ?? 'Error');
    });
  }
}

const isRound = (s: Step) => s.quiet === true && s.actions.some((a) => a.kind === 'pass');

/** Rounds needed before every retry backoff the services are serving has expired. */
function backoffRounds(now: Observation): number {
  let until = now.at;
  for (const { record } of now.services.values()) {
    for (const d of record.deployments) until = Math.max(until, backoffUntil(d, deploymentSettings(record)) ?? 0);
  }
  return Math.ceil((until - now.at) / ROUND_MS);
}

/** A seed's run: `steps` generated steps, with convergence phases. */
export async function runSeed(endpoint: string, opts: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const generator = new StepGenerator(opts.seed);
  const world = await World.create(endpoint, START_AT);
  const session = new Session(world);
  const report = (failure?: Failure): RunReport => ({
    seed: opts.seed,
    steps: session.executed,
    failure,
    stats: session.stats,
    ms: Date.now() - started,
  });
  const every = opts.convergeEvery ?? opts.steps;
  try {
    for (let i = 1; i <= opts.steps; i++) {
      const failure = await session.run(generator.next());
      if (failure) return report(failure);
      if (i % every === 0 || i === opts.steps) {
        for (const step of generator.calm()) {
          const f = await session.run(step);
          if (f) return report(f);
        }
        const bound = CONVERGENCE_ROUNDS + backoffRounds(world.observation);
        let unsettled: Failure | undefined;
        for (let round = 1; round <= bound; round++) {
          const f = await session.run(generator.round());
          if (f) return report(f);
          unsettled = session.converged(world.observation);
          if (!unsettled) {
            session.stats.convergencePhases++;
            session.stats.maxRoundsToConverge = Math.max(session.stats.maxRoundsToConverge, round);
            break;
          }
        }
        if (unsettled)
          return report({ ...unsettled, messages: [`not converged after ${bound} fault-free rounds:`, ...unsettled.messages] });
      }
      if (i % 100 === 0) opts.progress?.(progressLine(opts.seed, i, opts.steps, session, started));
      if (opts.stop?.aborted) return { ...report(), stopped: true };
    }
    return report();
  } finally {
    await world.destroy();
  }
}

/** Replays a step list exactly; a convergence phase that ends without converging is a failure. */
export async function replay(endpoint: string, steps: readonly Step[]): Promise<RunReport> {
  const started = Date.now();
  const world = await World.create(endpoint, START_AT);
  const session = new Session(world);
  const report = (failure?: Failure): RunReport => ({ steps: session.executed, failure, stats: session.stats, ms: Date.now() - started });
  try {
    let rounds = 0;
    let converged = false;
    for (const [i, step] of steps.entries()) {
      if (!step.quiet) {
        rounds = 0;
        converged = false;
      } else if (converged) continue; // the generated run stopped this phase here
      const failure = await session.run(step);
      if (failure) return report(failure);
      if (!isRound(step)) continue;
      rounds++;
      const unsettled = session.converged(world.observation);
      converged = !unsettled;
      if (!converged && !steps[i + 1]?.quiet)
        return report({ ...unsettled!, messages: [`not converged after ${rounds} fault-free rounds:`, ...unsettled!.messages] });
    }
    return report();
  } finally {
    await world.destroy();
  }
}

function progressLine(seed: number, i: number, total: number, session: Session, started: number) {
  const obs = session.world.observation;
  const live = [...obs.tasks.values()].filter((v) => v.task.lastStatus !== 'STOPPED').length;
  const rate = (i / ((Date.now() - started) / 1000)).toFixed(1);
  return `seed ${seed}: step ${i}/${total} (${rate} steps/s), ${live} live tasks, ${obs.services.size} services, ${session.stats.crashes} crashes, ${session.stats.calls} calls, ${session.stats.invariantChecks} invariant checks`;
}

export function formatFailure(r: RunReport): string {
  const f = r.failure!;
  return [
    `invariant ${f.invariant} violated after step ${r.steps[f.at]?.id} (${f.at + 1} steps run)${r.seed !== undefined ? `, seed ${r.seed}` : ''}:`,
    ...f.messages.map((m) => `  - ${m}`),
  ].join('\n');
}

export const formatSteps = (steps: readonly Step[]) => steps.map(describeStep).join('\n');
