import { mutableReads, placementAssumptions } from './assumptions.js';
import { closestMatch } from './closest.js';
import { Feasibility } from './feasibility.js';
import { buildChecks } from './filters/pipeline.js';
import { createRandom } from './random.js';
import { buildScorers, notifyPlaced, selectInstance } from './strategies/ranking.js';
import { compileDemand } from './placement-demand.js';
import type { Placement, PlacementInstance, PlacementOptions, PlacementRequest, PlacementResult, PlacementStrategy } from './types.js';
import { WorkingInstance } from './working-instance.js';

/** ECS RunTask's default when neither the call nor the caller names a strategy. */
const RANDOM: readonly PlacementStrategy[] = [{ type: 'random' }];

/**
 * Places `req.count` copies of a task, one after another, each seeing the
 * cpu, memory, ports and groups the earlier ones took. Pure: no I/O, no clock,
 * randomness only from `opts.seed`, and the caller's objects are not touched.
 * Once a copy cannot be placed neither can the rest (nothing changed), so each
 * of them gets the same failure and `closest` explains it.
 *
 * `assumptions` lists, per instance that got a task, what the constraints
 * read from it that concurrent placements change: the commit re-checks it.
 *
 * Expects input that passed validatePlacement; an invalid memberOf expression
 * throws CqlSyntaxError, an invalid strategy a TypeError.
 */
export function placeTasks(req: PlacementRequest, instances: readonly PlacementInstance[], opts: PlacementOptions): PlacementResult {
  const task = compileDemand(req);
  const working = instances.map((instance, index) => new WorkingInstance(instance, index, task));
  const feasibility = new Feasibility(working, buildChecks(task));
  const strategy = req.strategy.length > 0 ? req.strategy : (opts.defaultStrategy ?? RANDOM);
  const scorers = buildScorers(strategy, { instances: working, task });
  const random = createRandom(opts.seed);
  const ties = new Int32Array(working.length);
  const best = new Float64Array(scorers.length);

  const placements: Placement[] = [];
  for (let n = 0; n < req.count; n++) {
    const chosen = selectInstance(working, feasibility.candidates, feasibility.candidateCount, scorers, random, ties, best);
    if (chosen < 0) {
      const closest = closestMatch(feasibility.closest());
      const failure = { arn: closest.instanceArn, reason: closest.reason };
      const failures = Array.from({ length: req.count - n }, () => ({ ...failure }));
      return { placements, failures, closest, assumptions: placementAssumptions(mutableReads(req), instances, placements) };
    }
    const instance = working[chosen]!;
    const ports = instance.place(task);
    notifyPlaced(scorers, instance);
    feasibility.refresh(chosen);
    placements.push({ instanceId: instance.id, instanceArn: instance.arn, ports });
  }
  return { placements, failures: [], assumptions: placementAssumptions(mutableReads(req), instances, placements) };
}
