/**
 * How many tasks one pass may start and how many retiring tasks it may stop,
 * within maximumPercent and minimumHealthyPercent. Pure arithmetic over
 * counts, so the rules can be tested on their own.
 *
 * Retiring tasks are the ones that must go but still serve: tasks of older
 * deployments and PRIMARY tasks on draining instances. Starts are measured
 * against the live tasks at the beginning of the pass: a task stopped in this
 * pass still holds its instance's resources until it is STOPPING, so its room
 * is used one pass later (with maximumPercent 100 ECS also stops first, then
 * starts).
 */
export interface RollingInput {
  /** PRIMARY tasks the service wants on usable instances. */
  desiredCount: number;
  /** floor(desired × maximumPercent / 100): cap on live (desired RUNNING) tasks. */
  maxLive: number;
  /** ceil(desired × minimumHealthyPercent / 100): floor on healthy tasks. */
  minHealthy: number;
  /** Live tasks (running or pending, desired RUNNING) at the start of the pass, every deployment. */
  liveAtStart: number;
  /** Healthy tasks left after the pass's unconditional stops. */
  healthy: number;
  /** PRIMARY tasks (running or pending) on usable instances after those stops. */
  primaryOk: number;
  /** Healthy retiring tasks. */
  retiring: number;
  /** False while the deployment failed, the retry backoff holds, or the service is being deleted. */
  mayStart: boolean;
  /** Stops already decided this pass (unhealthy retiring tasks, scale-in). */
  otherStops: number;
  /** Every live task is healthy: nothing pending could unblock the deployment by itself. */
  settled: boolean;
}

export interface RollingDecision {
  /** PRIMARY tasks still wanted. */
  need: number;
  /** Tasks to start now (before placement, which may place fewer). */
  start: number;
  /** Healthy retiring tasks to stop now. */
  stopRetiring: number;
  /** Work remains but the configuration allows neither a start nor a stop. */
  stuck: boolean;
}

export function decideRolling(input: RollingInput): RollingDecision {
  const need = Math.max(0, input.desiredCount - input.primaryOk);
  const room = Math.max(0, input.maxLive - input.liveAtStart);
  const start = input.mayStart ? Math.min(need, room) : 0;
  const stopRetiring = Math.min(input.retiring, Math.max(0, input.healthy - input.minHealthy));
  const stuck =
    input.mayStart && need > 0 && room === 0 && stopRetiring === 0 && input.otherStops === 0 && input.retiring > 0 && input.settled;
  return { need, start, stopRetiring, stuck };
}
