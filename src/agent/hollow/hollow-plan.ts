/**
 * A simulated task's fate, decided once when it starts: how long its "pull"
 * takes, whether it fails to start, when each container exits and what health
 * it reports. All draws come from the task's own seeded generator.
 */
import type { TaskSpec } from '../../protocol/index.js';
import { containerBehavior, type HollowBehavior } from './hollow-behavior.js';

export interface ContainerPlan {
  name: string;
  essential: boolean;
  /** After the container started; Infinity = runs until stopped. */
  exitAfterMs: number;
  exitCode: number;
  /** Set for containers that report health (they have a healthCheck, or HOLLOW_HEALTH is set). */
  health?: 'HEALTHY' | 'UNHEALTHY';
  healthDelayMs: number;
}

export interface TaskPlan {
  /** From start() to the containers starting (or the start failing). */
  launchDelayMs: number;
  /** When set, the task fails to start with this stoppedReason, blamed on `container`. */
  failure?: { container: string; reason: string };
  stopDelayMs: number;
  containers: ContainerPlan[];
}

export function planTask(spec: TaskSpec, fleet: HollowBehavior, random: () => number): TaskPlan {
  const resolved = spec.containers.map((c) => ({ spec: c, ...containerBehavior(fleet, c) }));
  const max = (pick: (b: HollowBehavior) => number) => Math.max(0, ...resolved.map((r) => pick(r.behavior)));
  // Drawn unconditionally and in a fixed order, so one knob's value never shifts another's draw.
  const jitter = random() * max((b) => b.startJitterMs);
  const failDraw = random();
  const containers = resolved.map(({ spec: c, behavior: b }) => ({
    name: c.name,
    essential: c.essential !== false,
    exitAfterMs: b.exitAfterMs,
    exitCode: b.exitCode,
    health: b.health ?? (c.healthCheck ? ('HEALTHY' as const) : undefined),
    healthDelayMs: b.healthDelayMs,
  }));
  const stopDelayMs = max((b) => b.stopDelayMs);

  const misconfigured = resolved.find((r) => r.errors.length > 0);
  if (misconfigured) {
    const reason = `CannotStartContainerError: hollow: ${misconfigured.errors.join('; ')}`;
    return { launchDelayMs: 0, failure: { container: misconfigured.spec.name, reason }, stopDelayMs, containers };
  }
  const launchDelayMs = max((b) => b.startDelayMs) + jitter;
  if (failDraw < max((b) => b.failRate)) {
    const victim = spec.containers.find((c) => c.essential !== false) ?? spec.containers[0];
    const reason = `CannotPullContainerError: hollow: simulated pull failure for ${victim?.image ?? 'image'}`;
    return { launchDelayMs, failure: { container: victim?.name ?? '', reason }, stopDelayMs, containers };
  }
  return { launchDelayMs, stopDelayMs, containers };
}
