/**
 * Which tasks to stop when a service has more than it should: the ones whose
 * absence leaves the placement strategy best kept. Tiers come first (tasks
 * that are not healthy first), then each strategy
 * in order, recomputed after every pick:
 *  - spread on a field: from the bucket (zone, instance) holding the most of
 *    this service's tasks;
 *  - binpack: from the least-loaded instance (most remaining cpu / memory);
 *  - random: no preference.
 * Remaining ties are settled by a seeded pick over the ties sorted by task id,
 * so the choice depends on the seed, never on input order.
 */
import type { PlacementInstance, PlacementStrategy } from '../placement/index.js';
import type { Random } from './random.js';
import type { ReconcileTask } from './types.js';

export interface StopCandidate {
  task: ReconcileTask;
  /** Lower tiers are stopped first. */
  tier: number;
}

export interface StopContext {
  /** Every active task of the service (candidates included): what spread counts. */
  serviceTasks: readonly ReconcileTask[];
  instances: ReadonlyMap<string, PlacementInstance>;
  strategy: readonly PlacementStrategy[];
  /** What stopping the task gives back to its instance, for binpack. */
  sizeOf: (task: ReconcileTask) => { cpu: number; memory: number } | undefined;
  random: Random;
}

interface Ranker {
  /** Higher = stop first. */
  score(task: ReconcileTask): number;
  removed(task: ReconcileTask): void;
}

const NO_BUCKET = '\u0000none';
const ATTRIBUTE_PREFIX = 'attribute:';

function spreadRanker(field: string, ctx: StopContext): Ranker {
  const bucketOf = (task: ReconcileTask): string => {
    const instanceId = task.containerInstanceId;
    if (field === 'instanceId' || field === 'host') return instanceId ?? NO_BUCKET;
    const attribute = field.startsWith(ATTRIBUTE_PREFIX) ? field.slice(ATTRIBUTE_PREFIX.length) : field;
    const value = instanceId === undefined ? undefined : ctx.instances.get(instanceId)?.attributes[attribute];
    return typeof value === 'string' ? `=${value}` : NO_BUCKET;
  };
  const counts = new Map<string, number>();
  for (const task of ctx.serviceTasks) {
    const bucket = bucketOf(task);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return {
    score: (task) => counts.get(bucketOf(task)) ?? 0,
    removed: (task) => {
      const bucket = bucketOf(task);
      counts.set(bucket, (counts.get(bucket) ?? 1) - 1);
    },
  };
}

function binpackRanker(field: 'cpu' | 'memory', ctx: StopContext): Ranker {
  const freed = new Map<string, number>();
  const remaining = (instanceId: string | undefined) => {
    if (instanceId === undefined) return Infinity;
    const instance = ctx.instances.get(instanceId);
    if (!instance) return Infinity;
    return (field === 'cpu' ? instance.remainingCpu : instance.remainingMemory) + (freed.get(instanceId) ?? 0);
  };
  return {
    score: (task) => remaining(task.containerInstanceId),
    removed: (task) => {
      const id = task.containerInstanceId;
      const size = ctx.sizeOf(task);
      if (id !== undefined && size) freed.set(id, (freed.get(id) ?? 0) + size[field]);
    },
  };
}

function buildRankers(ctx: StopContext): Ranker[] {
  const rankers: Ranker[] = [];
  for (const { type, field } of ctx.strategy) {
    if (type === 'random') break;
    if (type === 'spread' && field) rankers.push(spreadRanker(field, ctx));
    else if (type === 'binpack' && (field === 'cpu' || field === 'memory')) rankers.push(binpackRanker(field, ctx));
  }
  return rankers;
}

/** Up to `count` candidates, in the order they should be stopped. */
export function selectForStop(candidates: readonly StopCandidate[], count: number, ctx: StopContext): ReconcileTask[] {
  if (count <= 0 || candidates.length === 0) return [];
  const pool = [...candidates].sort((a, b) => (a.task.taskId < b.task.taskId ? -1 : a.task.taskId > b.task.taskId ? 1 : 0));
  const rankers = buildRankers(ctx);
  const chosen: ReconcileTask[] = [];

  while (chosen.length < count && pool.length > 0) {
    let best: number[] | undefined;
    let ties: number[] = [];
    for (let i = 0; i < pool.length; i++) {
      const candidate = pool[i]!;
      const key = [-candidate.tier, ...rankers.map((r) => r.score(candidate.task))];
      const order = best === undefined ? 1 : compareKeys(key, best);
      if (order > 0) {
        best = key;
        ties = [i];
      } else if (order === 0) {
        ties.push(i);
      }
    }
    const pick = ties.length === 1 ? ties[0]! : ties[Math.floor(ctx.random() * ties.length)]!;
    const [{ task }] = pool.splice(pick, 1) as [StopCandidate];
    for (const ranker of rankers) ranker.removed(task);
    chosen.push(task);
  }
  return chosen;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return 1;
    if (a[i]! < b[i]!) return -1;
  }
  return 0;
}
