import type { LocalTwin } from '../../src/adapters/local/local-twin.js';
import { startElbv2Twin } from '../../src/adapters/local/elbv2/elbv2-twin.js';
import { ELBV2_TABLE_SPEC } from '../../src/adapters/local/elbv2/elbv2-store.js';
import { createDocumentClient } from '../../src/adapters/dynamodb/client.js';
import { autoScalingRoute, lambdaInvoker, lambdaRoute } from '../../src/adapters/local/cloudwatch/alarm-actions.js';
import { CloudWatchTwin } from '../../src/adapters/local/cloudwatch/cloudwatch-twin.js';
import { CLOUDWATCH_TABLE_SPEC } from '../../src/adapters/local/cloudwatch/table.js';
import { ensureTable } from './ensure-tables.js';
import { startLocalAutoScaling } from './local-autoscaling.js';
import type { TwinEnvironment } from './twin-environment.js';

export type { TwinEnvironment } from './twin-environment.js';

/** serverless.yml names functions `<service>-<stage>-<name>`; the local stack runs stage dev. */
export const LOCAL_SCALE_SERVICE = 'berth-dev-scale-service';

/** The local CloudWatch wakes this often: the shortest alarm period CloudWatch allows (high resolution). */
const CLOUDWATCH_TICK_MS = 10_000;

/**
 * The local twins `npm start` (and the e2e stack) serves on the one local
 * endpoint, in start order; each is stopped in reverse order.
 */
export async function startLocalTwins(env: TwinEnvironment): Promise<LocalTwin[]> {
  const twins: LocalTwin[] = [];
  try {
    twins.push(await startCloudWatch(env));
    twins.push(await startElbv2(env));
    twins.push(await startLocalAutoScaling(env));
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
