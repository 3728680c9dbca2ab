/**
 * Tasks waiting in PROVISIONING get an instance as soon as their capacity
 * provider has room: oldest first, each on its own provider's instances,
 * each seeing what the ones before it took. Pure.
 */
import { placeTasks, type Placement, type PlacementInstance, type PlacementRequest } from '../placement/index.js';
import { deriveSeed } from '../reconcile/random.js';
import { reserve } from '../reconcile/reserve.js';

export interface WaitingTask {
  taskId: string;
  capacityProvider: string;
  /** count 1. */
  request: PlacementRequest;
}

/** Which waiting tasks fit now, and where (in the order given: pass them oldest first). */
export function placeWaiting(
  tasks: readonly WaitingTask[],
  instances: readonly PlacementInstance[],
  seed: number,
): { taskId: string; placement: Placement }[] {
  const working = [...instances];
  const index = new Map(working.map((w, i) => [w.id, i]));
  const out: { taskId: string; placement: Placement }[] = [];
  tasks.forEach((t, n) => {
    const candidates = working.filter((i) => i.capacityProviderName === t.capacityProvider);
    if (!candidates.length) return;
    const result = placeTasks({ ...t.request, count: 1 }, candidates, { seed: deriveSeed(seed, n), defaultStrategy: [{ type: 'random' }] });
    const placement = result.placements[0];
    if (!placement) return;
    const i = index.get(placement.instanceId)!;
    working[i] = reserve(working[i]!, t.request, placement);
    out.push({ taskId: t.taskId, placement });
  });
  return out;
}

/** Has this task waited for capacity longer than the provisioning timeout? */
export const waitedTooLong = (createdAtSeconds: number, now: number, timeoutMs: number) => now - createdAtSeconds * 1000 > timeoutMs;
