import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

// This function runs as dist/functions/agent-download.mjs; serverless.yml packages the agent beside it, as in the
// repository (dist/agent/). Relative to this module, not LAMBDA_TASK_ROOT, which serverless-offline sets to /var/task.
const file = fileURLToPath(new URL('../agent/berth-agent.mjs', import.meta.url));
let bundle: { body: string; etag: string } | undefined;

/**
 * `GET /agent/v1/berth-agent.mjs`: the host agent this control plane was
 * deployed with (one file, plain Node 20+), so a host's user-data fetches an
 * agent that speaks this control plane's protocol. Read once per container.
 */
export const handler = lambdaHandler<unknown, APIGatewayProxyStructuredResultV2>(async (): Promise<APIGatewayProxyStructuredResultV2> => {
  if (!bundle) {
    let body: string;
    try {
      body = readFileSync(file, 'utf8');
    } catch {
      return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'The agent bundle is not built: run `npm run build`.' };
    }
    bundle = { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', etag: bundle.etag },
    body: bundle.body,
  };
});
