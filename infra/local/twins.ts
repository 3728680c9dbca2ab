import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import type { Authenticator } from '../../src/auth/authenticator.js';

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
   * Verifies SigV4 against Berth-issued credentials, as the functions do: give
   * it to handleQuery (QueryService.auth) or the JSON dispatcher as
   * `{ signingName: 'monitoring', actionPrefix: 'cloudwatch', authenticator }`.
   */
  authenticator: Authenticator;
  log: (line: string) => void;
}

/**
 * The local twins `npm start` (and the e2e stack) serves on the one local
 * endpoint, in start order; each is stopped in reverse order.
 */
export async function startLocalTwins(_env: TwinEnvironment): Promise<LocalTwin[]> {
  return [];
}
