import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ConnectionPusher } from '../../ports/agent-channel.js';

/**
 * PostToConnection on the agents' WebSocket API: on AWS its
 * `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` endpoint,
 * locally serverless-offline's WebSocket port (which serves the same
 * `@connections` API).
 */
export function apiGatewayPusher(opts: { endpoint: string; region: string; local: boolean }): ConnectionPusher {
  const client = new ApiGatewayManagementApiClient({
    endpoint: opts.endpoint,
    region: opts.region,
    ...(opts.local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
  return {
    async push(connectionId, frame) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(frame) }));
        return 'sent';
      } catch (err) {
        // serverless-offline answers 410 too, as GoneException.
        if (err instanceof GoneException || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410)
          return 'gone';
        throw err;
      }
    },
  };
}
