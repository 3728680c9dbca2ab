import type { PlacementFilter } from './filter.js';

export const name = 'agentConnected';

/** ECS rejects a disconnected agent rather than waiting for it to come back. */
export const REASON_AGENT = 'AGENT';

export const agentConnectedFilter: PlacementFilter = {
  name,
  build: () => (instance) => (instance.agentConnected ? undefined : REASON_AGENT),
};
