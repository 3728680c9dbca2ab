import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { autoScalingRoute, lambdaInvoker, lambdaRoute } from '../../src/adapters/local/cloudwatch/alarm-actions.js';
import { CloudWatchTwin } from '../../src/adapters/local/cloudwatch/cloudwatch-twin.js';
import { CLOUDWATCH_TABLE_SPEC } from '../../src/adapters/local/cloudwatch/table.js';
import type { Authenticator } from '../../src/auth/authenticator.js';
import { ensureTable } from './ensure-tables.js';
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

/** serverless.yml names functions `<service>-<stage>-<name>`; the local stack runs stage dev. */
export const LOCAL_SCALE_SERVICE = 'berth-dev-scale-service';

/** The local CloudWatch wakes this often: the shortest alarm period CloudWatch allows (high resolution). */
const CLOUDWATCH_TICK_MS = 10_000;

/**
 * The local twins `npm start` (and the e2e stack) serves on the one local
 * endpoint, in start order; each is stopped in reverse order.
 */
export async function startLocalTwins(env: TwinEnvironment): Promise<LocalTwin[]> {
  return [await startCloudWatch(env), await startLocalAutoScaling(env)];
}

async function startCloudWatch(env: TwinEnvironment): Promise<CloudWatchTwin> {
  const tableName = `${env.functionEnv.BERTH_TABLE ?? 'berth'}-cloudwatch`;
  await ensureTable(env.dynamodbEndpoint, tableName, CLOUDWATCH_TABLE_SPEC, env.log);
  const lambda = lambdaInvoker(env.lambdaEndpoint);
  const twin = new CloudWatchTwin({
    db: createDocumentClient({ region: env.region, dynamodbEndpoint: env.dynamodbEndpoint }),
    tableName,
    region: env.region,
    accountId: env.accountId,
    routes: [
      lambdaRoute(lambda.invoke),
      // A user's step-scaling alarm names its Application Auto Scaling policy; Berth's scale-service applies it.
      autoScalingRoute('Application Auto Scaling policy', /:resource\//, LOCAL_SCALE_SERVICE, lambda.invoke),
    ],
    // Signed as CloudWatch is: signing name `monitoring`, IAM actions `cloudwatch:*`.
    auth: { signingName: 'monitoring', actionPrefix: 'cloudwatch', authenticator: env.authenticator },
    tickMs: CLOUDWATCH_TICK_MS,
    log: twinLog('cloudwatch', env.log),
  });
  const stop = twin.stop.bind(twin);
  twin.stop = async () => {
    await stop();
    lambda.close();
  };
  return twin.start();
}

/** A twin's structured log lines as the stack's progress lines (warnings and errors only: the banner stays readable). */
function twinLog(name: string, log: (line: string) => void) {
  const line = (level: string) => (message: string, detail?: Record<string, unknown>) =>
    log(`  ! ${name} ${level}: ${message}${detail ? ` ${JSON.stringify(detail)}` : ''}`);
  return { info: () => {}, warn: line('warning'), error: line('error') };
}
