import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import { startElbv2Twin } from '../../src/adapters/local/elbv2/elbv2-twin.js';
import { ELBV2_TABLE_SPEC } from '../../src/adapters/local/elbv2/elbv2-store.js';
import type { Authenticator } from '../../src/auth/authenticator.js';
import { ensureTable } from './ensure-tables.js';

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
export async function startLocalTwins(env: TwinEnvironment): Promise<LocalTwin[]> {
  const twins: LocalTwin[] = [];
  try {
    twins.push(await startElbv2(env));
    return twins;
  } catch (err) {
    for (const twin of twins.reverse()) await twin.stop?.();
    throw err;
  }
}

/** Elastic Load Balancing v2: its API, and every listener a real port on 127.0.0.1 in front of the local container instances. */
async function startElbv2(env: TwinEnvironment): Promise<LocalTwin> {
  const tableName = `${env.functionEnv.BERTH_TABLE ?? 'berth'}-elbv2`;
  await ensureTable(env.dynamodbEndpoint, tableName, ELBV2_TABLE_SPEC, env.log);
  return startElbv2Twin({
    dynamodbEndpoint: env.dynamodbEndpoint,
    tableName,
    region: env.region,
    accountId: env.accountId,
    authenticator: env.authenticator,
    log: env.log,
  });
}
