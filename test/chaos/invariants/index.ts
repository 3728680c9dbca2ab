/**
 * Every invariant the chaos suite checks after each step, and the conditions
 * of convergence checked after a fault-free phase. To add one: a file in this
 * folder and an entry here.
 */
import { apiErrors } from './api-errors.js';
import { capacity } from './capacity.js';
import { clientTokens } from './client-tokens.js';
import { healthReplacement } from './health-replacement.js';
import type { Invariant } from './invariant.js';
import { placementRules } from './placement-rules.js';
import { serviceBounds } from './service-bounds.js';
import { taskLifecycle } from './task-lifecycle.js';

export { CONVERGENCE } from './convergence.js';
export type { CheckContext, ConvergenceCondition, Invariant } from './invariant.js';

/** Fresh instances for one run (some remember earlier steps). */
export const createInvariants = (): Invariant[] => [
  capacity(),
  placementRules(),
  serviceBounds(),
  healthReplacement(),
  taskLifecycle(),
  clientTokens(),
  apiErrors(),
];
