import { agentChannelHandler } from '../src/wiring/agent-channel-handler.js';

/** The agents' WebSocket API (the push channel). Built once per Lambda container, reused across invocations. */
export const handler = agentChannelHandler();
