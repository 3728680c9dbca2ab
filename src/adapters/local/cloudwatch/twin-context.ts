import type { ActionRoute } from './alarm-actions.js';
import type { CloudWatchStore } from './store.js';
import type { AlarmTransitions } from './transitions.js';

/** What the local CloudWatch's operation handlers share. */
export interface TwinContext {
  store: CloudWatchStore;
  /** Epoch ms. */
  now(): number;
  region: string;
  accountId: string;
  /** The kinds of alarm actions this twin can run (PutMetricAlarm refuses the others). */
  routes: readonly ActionRoute[];
  transitions: AlarmTransitions;
}
