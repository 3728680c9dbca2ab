import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lambdaHandler } from '../src/wiring/lambda-handler.js';

// Packaged with the function (serverless.yml), at the same relative path as in the repository.
const file = join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'dist', 'agent', 'berth-agent.mjs');
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
