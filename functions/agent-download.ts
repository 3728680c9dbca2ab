import { agentDownloadHandler } from '../src/wiring/agent-download-handler.js';

// Runs as dist/functions/agent-download.mjs; serverless.yml packages the agent beside it, as in the repository (dist/agent/).
export const handler = agentDownloadHandler(new URL('../agent/berth-agent.mjs', import.meta.url));
