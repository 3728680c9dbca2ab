/**
 * Deterministic interleaving of concurrent use cases at the granularity that
 * matters for optimistic concurrency: one DynamoDB call. Every actor (a
 * RunTask call, a reconcile pass, an agent poll…) runs its real code; each of
 * its DynamoDB calls waits at a gate, and the interleaver lets exactly one
 * call through at a time, chosen by a seeded PRNG among the calls waiting
 * once every actor is blocked at the gate or finished. Given the same seed
 * and the same store, the same interleaving happens again: a run can be
 * replayed call for call.
 *
 * A crash is "the process died right after its n-th DynamoDB call": the call
 * took effect, its caller never hears back, and the actor never runs again
 * (its pending promises never settle, like a Lambda that was killed).
 *
 * Calls made outside any actor (setup, the invariant checker) pass freely.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Random } from '../../src/scheduler/placement/random.js';

export interface ActorSpec<T = unknown> {
  name: string;
  run: () => Promise<T>;
  /** Dies right after this many DynamoDB calls (if it makes that many). */
  crashAfter?: number;
}

export type ActorOutcome<T = unknown> =
  { kind: 'ok'; value: T; calls: number } | { kind: 'error'; error: unknown; calls: number } | { kind: 'crashed'; calls: number };

interface Actor {
  name: string;
  calls: number;
  crashAfter?: number;
  crashed: boolean;
  settled: boolean;
  outcome?: ActorOutcome;
}

interface WaitingCall {
  actor: Actor;
  grant: () => void;
}

/** How long the actors may run outside DynamoDB before the interleaver calls them stuck (a bug in the harness). */
const STUCK_MS = 60_000;

export class Interleaver {
  private readonly current = new AsyncLocalStorage<Actor>();
  private waiting: WaitingCall[] = [];
  private finished: (() => void) | undefined;
  /** Times an actor stayed busy outside DynamoDB past 100 event-loop turns and the interleaver fell back to 1 ms timers. */
  slowWaits = 0;

  /** Installs the gate on the client every actor's repositories use. */
  readonly instrument = (db: DynamoDBDocumentClient) =>
    db.middlewareStack.add(
      (next) => async (args) => {
        const actor = this.current.getStore();
        if (!actor) return next(args);
        if (actor.crashed) return never();
        await new Promise<void>((grant) => this.waiting.push({ actor, grant }));
        let out: Awaited<ReturnType<typeof next>> | undefined;
        let failure: { error: unknown } | undefined;
        try {
          out = await next(args);
        } catch (error) {
          failure = { error };
        }
        actor.calls++;
        if (actor.crashAfter !== undefined && actor.calls >= actor.crashAfter) this.crash(actor);
        this.finished?.();
        // A dead process returns nothing, not even an error.
        if (actor.crashed) return never();
        if (failure) throw failure.error;
        return out!;
      },
      { step: 'initialize', name: 'chaos-interleaver' },
    );

  /** Runs the actors to completion (or death), one DynamoDB call at a time, in an order drawn from `random`. */
  async run(specs: readonly ActorSpec[], random: Random): Promise<ActorOutcome[]> {
    const actors: Actor[] = specs.map((s) => ({ name: s.name, calls: 0, crashAfter: s.crashAfter, crashed: false, settled: false }));
    specs.forEach((spec, i) => {
      const actor = actors[i]!;
      this.current.run(actor, () => {
        void Promise.resolve()
          .then(spec.run)
          .then(
            (value) => (actor.outcome = { kind: 'ok', value, calls: actor.calls }),
            (error: unknown) => (actor.outcome = { kind: 'error', error, calls: actor.calls }),
          )
          .finally(() => (actor.settled = true));
      });
    });
    for (;;) {
      await this.quiescent(actors);
      if (this.waiting.length === 0) break;
      const [call] = this.waiting.splice(Math.floor(random() * this.waiting.length), 1);
      const done = new Promise<void>((resolve) => (this.finished = resolve));
      call!.grant();
      await done;
      this.finished = undefined;
    }
    return actors.map((a) => (a.crashed ? { kind: 'crashed', calls: a.calls } : a.outcome!));
  }

  private crash(actor: Actor) {
    actor.crashed = true;
    this.waiting = this.waiting.filter((w) => w.actor !== actor);
  }

  /** Until every actor waits at the gate, has finished, or has died. */
  private async quiescent(actors: readonly Actor[]) {
    const started = Date.now();
    for (let spins = 0; ; spins++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (actors.every((a) => a.settled || a.crashed || this.waiting.some((w) => w.actor === a))) return;
      if (spins === 101) this.slowWaits++;
      if (spins > 100) await new Promise((resolve) => setTimeout(resolve, 1));
      if (Date.now() - started > STUCK_MS) {
        const stuck = actors.filter((a) => !a.settled && !a.crashed && !this.waiting.some((w) => w.actor === a)).map((a) => a.name);
        throw new Error(`actors waiting on something other than DynamoDB for ${STUCK_MS} ms: ${stuck.join(', ')}`);
      }
    }
  }
}

const never = () => new Promise<never>(() => {});
