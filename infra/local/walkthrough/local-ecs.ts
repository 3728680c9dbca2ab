/** The stock ECS client against a local Berth endpoint, and a clear word when nothing answers there. */
import { ECSClient } from '@aws-sdk/client-ecs';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:3000';

export class EndpointDownError extends Error {
  constructor(endpoint: string) {
    super(`nothing answers at ${endpoint}: run \`npm start\` first (in another terminal), or pass --endpoint URL`);
    this.name = 'EndpointDownError';
  }
}

/** Signs as test/test, the admin key the local stack creates. */
export function localEcsClient(endpoint: string): ECSClient {
  // The SDK's notice about future Node versions would be the first thing a person running the walkthrough reads.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new ECSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
}

/** Any HTTP answer proves the endpoint is up; the SDK would instead retry a refused connection for a while. */
export async function requireEndpoint(endpoint: string, timeoutMs = 3000): Promise<void> {
  try {
    await fetch(endpoint, { method: 'POST', body: '{}', signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new EndpointDownError(endpoint);
  }
}
