import { EcsError } from '../../../src/domain/errors.js';
import type { Action } from '../steps.js';
import type { Invariant } from './invariant.js';

/** The client errors a call may rightly answer in the chaos world (the service was deleted, the instance deregistered…). */
const ALLOWED: Partial<Record<Action['kind'], ReadonlySet<string>>> = {
  runTask: new Set(['InvalidParameterException']),
  startTask: new Set(['InvalidParameterException']),
  stopTask: new Set(['InvalidParameterException']),
  createService: new Set(['InvalidParameterException']),
  scaleService: new Set(['ServiceNotFoundException', 'ServiceNotActiveException']),
  deployService: new Set(['ServiceNotFoundException', 'ServiceNotActiveException']),
  deleteService: new Set(['ServiceNotFoundException', 'ServiceNotActiveException', 'InvalidParameterException']),
  deregister: new Set(['InvalidParameterException']),
};

/**
 * Whatever runs in parallel, a call answers or fails with a client error
 * that says what is wrong with the request in the world as it is; never a
 * ServerException, an unexpected exception, or a conflict it gave up on.
 * Crashes are injected, not errors.
 */
export const apiErrors = (): Invariant => ({
  name: 'api-errors',
  holds: 'calls, passes and polls never fail with a server error (retries on conflict never run out, nothing throws unexpectedly)',
  check({ log }) {
    const out: string[] = [];
    log.outcomes.forEach((outcome, i) => {
      if (outcome.kind !== 'error') return;
      const action = log.step.actions[i]!;
      const e = outcome.error;
      if (e instanceof EcsError && e.status < 500 && ALLOWED[action.kind]?.has(e.code)) return;
      const what =
        e instanceof Error
          ? `${e.name}: ${e.message}${e instanceof EcsError ? '' : `\n${e.stack?.split('\n').slice(1, 6).join('\n')}`}`
          : String(e);
      out.push(`${action.kind} failed: ${what}`);
    });
    return out;
  },
});
