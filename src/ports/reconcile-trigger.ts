/** Asks for a reconcile pass of a cluster soon (after a state change), without waiting for it. */
export interface ReconcileTrigger {
  request(cluster: string): void;
}
export const noTrigger: ReconcileTrigger = { request: () => {} };
