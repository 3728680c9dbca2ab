import type { ArnScope } from './arns.js';
import type { DataPlane } from './data-plane.js';
import type { Elbv2State } from './elbv2-state.js';
import type { TargetLifecycle } from './target-lifecycle.js';

/** What the twin's operations work with. */
export interface Elbv2Runtime {
  state: Elbv2State;
  lifecycle: TargetLifecycle;
  dataPlane: DataPlane;
  scope: ArnScope;
  /** Epoch ms. */
  now: () => number;
}
