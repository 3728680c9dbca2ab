import { agentApiHandler } from '../src/wiring/agent-api-handler.js';

/** The Berth agent protocol: `POST /agent/v1/poll`. Built once per Lambda container, reused across invocations. */
export const handler = agentApiHandler();
