import { buildFunctions } from '../build.js';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { ensureTables } from './ensure-tables.js';
import { startOffline, type Offline } from './offline.js';
import { startReconcileTicker } from './reconcile-ticker.js';

export interface LocalStackOptions {
  port: number;
  lambdaPort: number;
  dynamoPort: number;
  /** Persist DynamoDB Local here; undefined = in memory. */
  dataDir?: string;
  tableName: string;
  region?: string;
  accountId?: string;
  /** Progress lines for a person watching. */
  log?: (line: string) => void;
  onOfflineOutput?: (line: string) => void;
  /** Extra environment for the functions (e.g. BERTH_AGENT_TIMEOUT_SECONDS in tests). */
  env?: Record<string, string>;
  /** How often the local twin of the EventBridge schedule runs the reconciler (default 5 s). */
  reconcileEveryMs?: number;
}

export interface LocalStack {
  endpoint: string;
  dynamodbEndpoint: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** DynamoDB Local + tables + bundles + serverless-offline: the whole control plane on this machine. */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  let ddb: DynamoDbLocal | undefined;
  let offline: Offline | undefined;
  let ticker: { stop(): void } | undefined;
  const stop = async () => {
    ticker?.stop();
    await offline?.stop();
    await ddb?.stop();
  };
  try {
    log(`▸ starting DynamoDB Local on port ${opts.dynamoPort} (${opts.dataDir ? `data in ${opts.dataDir}` : 'in memory'})`);
    ddb = await startDynamoDbLocal({ port: opts.dynamoPort, dataDir: opts.dataDir, onTick: waitingNotice(log, 'DynamoDB Local') });
    log(`▸ creating/updating table ${opts.tableName}`);
    await ensureTables(ddb.endpoint, opts.tableName, log);
    log('▸ bundling functions with esbuild');
    await buildFunctions(log);
    const env: Record<string, string> = {
      BERTH_TABLE: opts.tableName,
      BERTH_DYNAMODB_ENDPOINT: ddb.endpoint,
      BERTH_LAMBDA_ENDPOINT: `http://127.0.0.1:${opts.lambdaPort}`,
      BERTH_AGENT_ENDPOINT: `http://127.0.0.1:${opts.port}`,
      BERTH_REGION: opts.region ?? 'us-east-1',
      BERTH_ACCOUNT_ID: opts.accountId ?? '000000000000',
      AWS_REGION: opts.region ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...opts.env,
    };
    log(`▸ starting serverless-offline on port ${opts.port}`);
    offline = await startOffline({
      port: opts.port,
      lambdaPort: opts.lambdaPort,
      env,
      onOutput: opts.onOfflineOutput,
      onTick: waitingNotice(log, 'serverless-offline'),
    });
    ticker = startReconcileTicker(env.BERTH_LAMBDA_ENDPOINT, opts.reconcileEveryMs ?? 5000, log);
    return { endpoint: offline.endpoint, dynamodbEndpoint: ddb.endpoint, env, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A "still waiting" line every few seconds, so a slow start never looks hung. */
function waitingNotice(log: (line: string) => void, what: string) {
  let next = 3000;
  return (ms: number) => {
    if (ms >= next) {
      log(`  … still waiting for ${what} (${Math.round(ms / 1000)} s)`);
      next += 3000;
    }
  };
}
