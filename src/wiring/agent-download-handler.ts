import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lambdaHandler } from './lambda-handler.js';

/**
 * `GET /agent/v1/berth-agent.mjs`: the host agent this control plane was
 * deployed with (one file, plain Node 20+), so a host's user-data fetches an
 * agent that speaks this control plane's protocol. Read once per container.
 * `bundleUrl` is resolved by the function module itself (relative to its own
 * bundle, not LAMBDA_TASK_ROOT, which serverless-offline sets to /var/task).
 */
export function agentDownloadHandler(bundleUrl: URL) {
  const file = fileURLToPath(bundleUrl);
  let bundle: { body: string; etag: string } | undefined;
  return lambdaHandler<unknown, APIGatewayProxyStructuredResultV2>(async (): Promise<APIGatewayProxyStructuredResultV2> => {
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
}
