import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KeyFileCipher } from '../../src/adapters/secrets/key-file-cipher.js';
import { DEFAULT_CREDENTIAL, ensureDefaultCredential } from '../../src/app/security/credentials.js';
import { createJoinToken } from '../../src/app/security/join-tokens.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';
import { buildAppContext } from '../../src/wiring/app-context.js';
import { readConfig } from '../../src/config.js';
import { buildAuthenticator, buildSecurity } from '../../src/wiring/security.js';
import { buildFunctions } from '../build.js';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { ensureTables } from './ensure-tables.js';
import { startOffline, type Offline } from './offline.js';
import { startEdge, type Edge } from './edge.js';
import { freePort } from './ports.js';
import { LOCAL_PUBLISH_METRICS, LOCAL_SCALING_SCHEDULE, startFunctionTicker, startReconcileTicker } from './reconcile-ticker.js';
import { issueFunctionsCredential } from './functions-credential.js';
import { startLocalTwins } from './twins.js';
import type { LocalTwin } from '../../src/adapters/local/local-twin.js';

export interface LocalStackOptions {
  /** The one local endpoint (the edge): every API Berth serves locally. */
  port: number;
  /** serverless-offline's own HTTP port behind the edge (default: a free port). */
  offlinePort?: number;
  /** serverless-offline's WebSocket port behind the edge (default: a free port). */
  websocketPort?: number;
  lambdaPort: number;
  dynamoPort: number;
  /** Persist DynamoDB Local here; undefined = in memory. */
  dataDir?: string;
  /** Local twins' own state (e.g. the Auto Scaling twin's instances); undefined = a throwaway stack. */
  twinStateDir?: string;
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
  /** Static files served at /console/. */
  consoleDir?: string;
  /** The local secrets key (created 0600 if absent); default: a throwaway one in a temp dir. */
  secretsKeyFile?: string;
  /** Create the admin credential test/test if it does not exist (default true). */
  defaultCredentials?: boolean;
}

export interface LocalStack {
  endpoint: string;
  dynamodbEndpoint: string;
  env: Record<string, string>;
  /** The metric period the functions, the local CloudWatch and the schedules use. */
  metricPeriodSeconds: number;
  /** The local twins served on the endpoint (bench:autoscale reads the CloudWatch twin's call counts). */
  twins: LocalTwin[];
  secretsKeyFile: string;
  /** Credentials and join tokens, straight on DynamoDB Local (what `npx berth` does). */
  security: SecurityStores;
  /** A join token (1 h) for an existing cluster, for local agents and hollow fleets. */
  joinToken(cluster: string): Promise<string>;
  stop(): Promise<void>;
}

/** DynamoDB Local + tables + bundles + serverless-offline: the whole control plane on this machine. */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  // Fails fast on a bad BERTH_METRIC_PERIOD_SECONDS, before anything starts.
  const metricPeriodSeconds = readConfig({ ...process.env, ...opts.env }).metricPeriodSeconds;
  let ddb: DynamoDbLocal | undefined;
  let offline: Offline | undefined;
  let tickers: { stop(): void }[] = [];
  let edge: Edge | undefined;
  let twins: LocalTwin[] = [];
  const keyFile = opts.secretsKeyFile ?? join(mkdtempSync(join(tmpdir(), 'berth-secrets-')), 'secret.key');
  const stop = async () => {
    for (const t of tickers) t.stop();
    await edge?.stop();
    for (const twin of [...twins].reverse()) await twin.stop?.();
    await offline?.stop();
    await ddb?.stop();
    if (!opts.secretsKeyFile) rmSync(dirname(keyFile), { recursive: true, force: true });
  };
  try {
    log(`▸ starting DynamoDB Local on port ${opts.dynamoPort} (${opts.dataDir ? `data in ${opts.dataDir}` : 'in memory'})`);
    ddb = await startDynamoDbLocal({ port: opts.dynamoPort, dataDir: opts.dataDir, onTick: waitingNotice(log, 'DynamoDB Local') });
    log(`▸ creating/updating table ${opts.tableName}`);
    await ensureTables(ddb.endpoint, opts.tableName, log);
    if (KeyFileCipher.ensure(keyFile)) log(`▸ created the secrets key ${keyFile} (mode 0600): it encrypts credential secrets at rest`);
    log('▸ bundling functions with esbuild');
    await buildFunctions(log);
    const offlinePort = opts.offlinePort ?? (await freePort());
    const websocketPort = opts.websocketPort ?? (await freePort());
    const env: Record<string, string> = {
      BERTH_TABLE: opts.tableName,
      BERTH_DYNAMODB_ENDPOINT: ddb.endpoint,
      BERTH_LAMBDA_ENDPOINT: `http://127.0.0.1:${opts.lambdaPort}`,
      BERTH_AGENT_ENDPOINT: `http://127.0.0.1:${opts.port}`,
      // Agents hold a WebSocket through the edge; pushes go straight to serverless-offline's @connections API.
      BERTH_AGENT_CHANNEL_URL: `ws://127.0.0.1:${opts.port}`,
      BERTH_AGENT_CHANNEL_API: `http://127.0.0.1:${websocketPort}`,
      // The AWS services Berth calls (EC2 Auto Scaling, ELBv2) are local twins on the one local endpoint.
      BERTH_AUTOSCALING_ENDPOINT: `http://127.0.0.1:${opts.port}`,
      BERTH_ELB_ENDPOINT: `http://127.0.0.1:${opts.port}`,
      BERTH_REGION: opts.region ?? 'us-east-1',
      BERTH_ACCOUNT_ID: opts.accountId ?? '000000000000',
      // Berth's own CloudWatch calls go to the local CloudWatch on the edge.
      BERTH_CLOUDWATCH_ENDPOINT: `http://127.0.0.1:${opts.port}`,
      BERTH_METRIC_PERIOD_SECONDS: String(metricPeriodSeconds),
      AWS_REGION: opts.region ?? 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      BERTH_SECRETS_KEY_FILE: keyFile,
      ...opts.env,
    };
    const security = buildSecurity(readConfig(env));
    if (opts.defaultCredentials !== false && (await ensureDefaultCredential(security))) {
      log(`▸ created the default credential ${DEFAULT_CREDENTIAL.accessKeyId}/${DEFAULT_CREDENTIAL.secretAccessKey} (admin)`);
    }
    if (!opts.env?.AWS_ACCESS_KEY_ID) {
      const key = await issueFunctionsCredential(security);
      env.AWS_ACCESS_KEY_ID = key.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = key.secretAccessKey;
    }
    const joinToken = async (cluster: string) =>
      (await createJoinToken({ cluster, ttlMs: 3600_000 }, security, buildAppContext(readConfig(env)))).token;
    log(`▸ starting serverless-offline (behind the local endpoint, on port ${offlinePort})`);
    offline = await startOffline({
      port: offlinePort,
      lambdaPort: opts.lambdaPort,
      websocketPort,
      env,
      onOutput: opts.onOfflineOutput,
      onTick: waitingNotice(log, 'serverless-offline'),
    });
    const endpoint = `http://127.0.0.1:${opts.port}`;
    twins = await startLocalTwins({
      dynamodbEndpoint: ddb.endpoint,
      lambdaEndpoint: env.BERTH_LAMBDA_ENDPOINT,
      endpoint,
      region: env.BERTH_REGION,
      accountId: env.BERTH_ACCOUNT_ID,
      functionEnv: env,
      stateDir: opts.twinStateDir,
      authenticator: buildAuthenticator(readConfig(env), security, {
        warn: (message, detail) => log(`  ! ${message} ${JSON.stringify(detail)}`),
      }),
      joinToken,
      log,
    });
    log(`▸ serving every local API on ${endpoint}${twins.length ? ` (with local ${twins.map((t) => t.name).join(', ')})` : ''}`);
    edge = await startEdge({
      port: opts.port,
      offlineHttpPort: offlinePort,
      offlineWebsocketPort: websocketPort,
      twins,
      consoleDir: opts.consoleDir,
      log,
    });
    // The local twins of the EventBridge schedules: the reconciler's, and per metric period the
    // publisher's (just after each period ends) and the scaling schedule's (after the alarms are evaluated).
    const periodMs = metricPeriodSeconds * 1000;
    const lambdaEndpoint = env.BERTH_LAMBDA_ENDPOINT;
    tickers = [
      startReconcileTicker(lambdaEndpoint, opts.reconcileEveryMs ?? 5000, log),
      startFunctionTicker({ lambdaEndpoint, functionName: LOCAL_PUBLISH_METRICS, everyMs: periodMs, offsetMs: 500, log }),
      startFunctionTicker({ lambdaEndpoint, functionName: LOCAL_SCALING_SCHEDULE, everyMs: periodMs, offsetMs: 4000, log }),
    ];
    return {
      endpoint: edge.endpoint,
      dynamodbEndpoint: ddb.endpoint,
      env,
      metricPeriodSeconds,
      twins,
      secretsKeyFile: keyFile,
      security,
      joinToken,
      stop,
    };
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
