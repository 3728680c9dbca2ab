import { CommitConflict } from '../../ports/task-repository.js';
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

/** Decisions retried after a CommitConflict (RunTask, StartTask, placement through capacity providers). */
export const MAX_ATTEMPTS = 8;

export interface PlaceOutcome {
  tasks: TaskRecord[];
  failures: PlacementFailure[];
}

/**
 * Decide on a fresh snapshot, commit with conditional writes; when another
 * writer took the room first (CommitConflict), take a new snapshot and decide
 * again. A bounded number of times: then the remaining tasks are failures.
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
  },
): Promise<PlaceOutcome> {
  let lastFailures: PlacementFailure[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = ctx.clock.now();
    const instances = (await ctx.instances.listAll(args.cluster))
      .filter((r) => r.status !== 'INACTIVE')
      .map((r) => placementInstance(r, now, ctx.settings.agentTimeoutMs))
      .filter((i) => !args.candidates || args.candidates(i));
    const result = placeTasks(args.request, instances, { seed: ctx.ids.seed(), defaultStrategy: args.defaultStrategy });
    const tasks = result.placements.map(args.makeTask);
    try {
      await ctx.tasks.createPlaced(tasks);
      return { tasks, failures: result.failures };
    } catch (err) {
      if (!(err instanceof CommitConflict)) throw err;
      lastFailures = result.failures;
    }
  }
  return gaveUp(args.request.count, lastFailures);
}

/** After MAX_ATTEMPTS conflicts: nothing placed; the last decision's failures, and every other task failed as a conflict. */
export function gaveUp(count: number, lastFailures: PlacementFailure[]): PlaceOutcome {
  return {
    tasks: [],
    failures: [
      ...lastFailures,
      ...Array.from({ length: count - lastFailures.length }, () => ({
        arn: '',
        reason: 'RESOURCE:CONFLICT',
        detail: 'Too many concurrent placements; try again.',
      })),
    ],
  };
}
