import { reconcilerHandler } from '../src/wiring/reconciler-handler.js';

/** The reconciler: scheduled for every cluster, or invoked for one after a state change. Built once per Lambda container. */
export const handler = reconcilerHandler();
