import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleFile } from '../api/console-files.js';
import { lambdaHandler } from './lambda-handler.js';

const TEXT = /^(text\/|application\/json)/;

/**
 * functions/console: the web console's static files at GET /console/*, on the
 * API's own origin, so its SigV4-signed calls to POST / need no CORS. The
 * files are packaged with the function (serverless.yml) at the same relative
 * path as in the repository, and immutable per deployment: read once per container.
 */
export function consoleHandler(dir = join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'dist', 'console')) {
  const cache = new Map<string, Buffer>();
  return lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
    async (event): Promise<APIGatewayProxyStructuredResultV2> => {
      const found = consoleFile(dir, event.rawPath);
      if (found.kind === 'redirect') return { statusCode: 301, headers: { location: found.location }, body: '' };
      if (found.kind === 'not-built' || found.kind === 'not-found')
        return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: found.message };
      let bytes = cache.get(found.path);
      if (!bytes) cache.set(found.path, (bytes = readFileSync(found.path)));
      const text = TEXT.test(found.contentType);
      return {
        statusCode: 200,
        headers: { 'content-type': found.contentType, 'cache-control': found.cacheControl },
        body: bytes.toString(text ? 'utf8' : 'base64'),
        isBase64Encoded: !text,
      };
    },
  );
}
