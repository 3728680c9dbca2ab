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
   * Where twins keep local state that must survive a restart (e.g. the Auto
   * Scaling twin's instances); undefined for a throwaway stack, whose twins
   * leave nothing behind when stopped.
   */
  stateDir?: string;
  /**
   * Verifies SigV4 against Berth-issued credentials, as the functions do: give
   * it to handleQuery (QueryService.auth) or the JSON dispatcher as
   * `{ signingName: 'monitoring', actionPrefix: 'cloudwatch', authenticator }`.
   */
  authenticator: Authenticator;
  /** A join token for a cluster (what the Auto Scaling twin's instances register with, as `npm start`'s agents do). */
  joinToken(cluster: string): Promise<string>;
  log: (line: string) => void;
}
