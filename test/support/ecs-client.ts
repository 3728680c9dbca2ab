import { ECSClient } from '@aws-sdk/client-ecs';
import { inject } from 'vitest';

/** The stock AWS SDK ECS client, pointed at the local stack, signing as test/test (the stack's admin key). */
export function ecsClient(): ECSClient {
  return new ECSClient({
    endpoint: inject('ecsEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}
