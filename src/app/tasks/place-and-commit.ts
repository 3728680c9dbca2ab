import type { TokenCompletion } from '../../ports/idempotency-store.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import { CommitConflict } from '../../ports/task-repository.js';
import type { PlacementAssumptions } from '../../domain/placement-assumption.js';
import type { TaskRecord } from '../../domain/task.js';
import {
  placeTasks,
  type Placement,
  type PlacementFailure,
  type PlacementInstance,
  type PlacementRequest,
  type PlacementStrategy,
} from '../../scheduler/placement/index.js';
import type { AppContext } from '../context.js';
import { placementInstance } from '../container-instances/instance-view.js';

export interface PlaceOutcome {
  tasks: TaskRecord[];
  failures: PlacementFailure[];
  /** Another call with the same clientToken recorded its outcome first: answer that one, nothing was placed here. */
  tokenDone?: boolean;
}

const conflictFailure = { arn: '', reason: 'RESOURCE:CONFLICT', detail: 'Too many concurrent placements; try again.' };

/**
 * Decide on a fresh snapshot, commit with conditional writes; when another
 * writer took the room first (CommitConflict), take a new snapshot and decide
 * again, under the conflict policy: then the remaining tasks are failures.
 * With a clientToken, the outcome is recorded with the tasks, atomically (see
 * IdempotencyRecord): if another call with the token recorded one first,
 * nothing is placed and `tokenDone` says so.
 */
export async function placeAndCommit(
  ctx: AppContext,
  args: {
    cluster: string;
    request: PlacementRequest;
    defaultStrategy: readonly PlacementStrategy[];
    /** Restrict candidates (StartTask names its instances). */
    candidates?: (i: PlacementInstance) => boolean;
    makeTask: (placement: Placement) => TaskRecord;
    token?: PlacementToken;
  },
): Promise<PlaceOutcome> {
  return commitPlacement(ctx, {
    cluster: args.cluster,
    count: args.request.count,
    token: args.token,
    decide: async () => {
      const now = ctx.clock.now();
      const instances = (await ctx.instances.listAll(args.cluster))
        .filter((r) => r.status !== 'INACTIVE')
        .map((r) => placementInstance(r, now, ctx.settings.agentTimeoutMs))
        .filter((i) => !args.candidates || args.candidates(i));
      const result = placeTasks(args.request, instances, { seed: ctx.ids.seed(), defaultStrategy: args.defaultStrategy });
      return { tasks: result.placements.map(args.makeTask), failures: result.failures, assumptions: result.assumptions };
    },
  });
}

export type PlacementToken = Omit<TokenCompletion, 'outcome'> & { fingerprint: string };

/**
 * The decide-commit loop itself, for any decision (plain placement, or through
 * capacity providers, whose tasks may wait in PROVISIONING): `decide` on a fresh
 * snapshot, commit, and on CommitConflict decide again under the conflict policy.
 */
export async function commitPlacement(
  ctx: AppContext,
  args: {
    cluster: string;
    count: number;
    token?: PlacementToken;
    decide: () => Promise<{ tasks: TaskRecord[]; failures: PlacementFailure[]; assumptions?: PlacementAssumptions }>;
  },
): Promise<PlaceOutcome> {
  const commit = async (tasks: TaskRecord[], failures: PlacementFailure[], assumptions = {}): Promise<PlaceOutcome | typeof CONFLICT> => {
    const { token } = args;
    try {
      await ctx.tasks.commit({
        cluster: args.cluster,
        place: tasks,
        assumptions,
        now: ctx.clock.now(),
        ...(token && {
          token: { ...token, outcome: { fingerprint: token.fingerprint, result: tasks.map((t) => t.taskId), failures } },
        }),
      });
      return { tasks, failures };
    } catch (err) {
      if (!(err instanceof CommitConflict)) throw err;
      return err.tokenDone ? { tasks: [], failures: [], tokenDone: true } : CONFLICT;
    }
  };
  let lastFailures: PlacementFailure[] = [];
  const attempt = async () => {
    const decision = await args.decide();
    lastFailures = decision.failures;
    return commit(decision.tasks, decision.failures, decision.assumptions);
  };
  const exhausted = async () => {
    const failures = [...lastFailures, ...Array.from({ length: args.count - lastFailures.length }, () => ({ ...conflictFailure }))];
    // Nothing was placed; a token still records that answer, so a retry gets the same one.
    const out = await commit([], failures);
    return out === CONFLICT ? { tasks: [], failures } : out;
  };
  return retryOnConflict('placement', ctx.conflictRetry, attempt, exhausted);
}
