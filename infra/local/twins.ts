import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import { startLocalAutoScaling } from './local-autoscaling.js';

/** What every local twin may need: where DynamoDB Local and serverless-offline's Lambda API listen. */
export interface TwinEnvironment {
  dynamodbEndpoint: string;
  /** serverless-offline's Lambda API: twins invoke functions through it, as AWS services invoke Lambdas. */
  lambdaEndpoint: string;
  /** The one local endpoint (the edge), e.g. for ARNs or URLs twins hand out. */
  endpoint: string;
  region: string;
  accountId: string;
  /** The environment the functions run with (table names, metric period, …). */
  functionEnv: Record<string, string>;
  /**
   * Where twins keep local state that must survive a restart (e.g. the Auto
   * Scaling twin's instances); undefined for a throwaway stack, whose twins
   * leave nothing behind when stopped.
   */
  stateDir?: string;
  log: (line: string) => void;
}

/**
 * The local twins `npm start` (and the e2e stack) serves on the one local
 * endpoint, in start order; each is stopped in reverse order.
 */
export async function startLocalTwins(env: TwinEnvironment): Promise<LocalTwin[]> {
  return [await startLocalAutoScaling(env)];
}
