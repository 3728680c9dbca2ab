/**
 * Configuration, read once at module load and frozen (fail fast on bad values,
 * never `process.env` deep inside data functions).
 */
export interface BerthConfig {
  region: string;
  accountId: string;
  tableName: string;
  /** DynamoDB endpoint override (DynamoDB Local); undefined on AWS. */
  dynamodbEndpoint?: string;
  /** Lambda endpoint override (serverless-offline's); undefined on AWS. */
  lambdaEndpoint?: string;
  /** Function name of the reconciler, for async "reconcile now" invocations. */
  reconcilerFunction?: string;
  /** Base URL agents poll (DiscoverPollEndpoint). */
  agentEndpoint: string;
  /**
   * The agents' WebSocket (push channel) URL, ws:// or wss://, handed out by
   * DiscoverPollEndpoint; undefined: no channel, agents poll over HTTP.
   */
  agentChannelUrl?: string;
  /** The channel's management endpoint (PostToConnection): API Gateway's https://{api}.execute-api…/{stage}, or serverless-offline's WebSocket port. */
  agentChannelApi?: string;
  /** How often an agent on the channel sends its heartbeat (work is pushed; it never needs to poll for it). */
  agentHeartbeatMs: number;
  agentTimeoutMs: number;
  lostAgentMs: number;
  /**
   * How often an agent without the push channel polls over HTTP (the fallback,
   * and what an agent on a dropped socket does until it is back). Each poll is
   * its heartbeat, so it stays below the agent timeout.
   */
  pollIntervalMs: number;
  /** EC2 Auto Scaling endpoint override (the local twin on the edge); undefined on AWS. */
  autoScalingEndpoint?: string;
  /** How long a task may wait in PROVISIONING for capacity before it fails (ECS: up to 30 minutes). */
  provisioningTimeoutMs: number;
  /** Elastic Load Balancing v2 endpoint override (the local endpoint, where the twin answers); undefined on AWS. */
  elbEndpoint?: string;
  /**
   * The one metric period (seconds): metrics are published per period and
   * target-tracking alarms evaluate it. CloudWatch alarms accept 10, 30 or a
   * multiple of 60; on AWS the publisher runs every minute, so keep 60 there.
   */
  metricPeriodSeconds: number;
  /** CloudWatch endpoint override (the local twin behind the edge); undefined on AWS. */
  cloudwatchEndpoint?: string;
  /** ARN of the function capacity providers' alarms invoke to scale their Auto Scaling groups. */
  scaleClusterFunctionArn: string;
  /** ARN of the function CloudWatch alarm actions invoke to scale services. */
  scaleServiceFunctionArn: string;
  /** KMS key (id, ARN or alias) sealing credential secrets on AWS. */
  kmsKeyId?: string;
  /** Locally, instead of KMS: a 0600 file holding a 256-bit key (.berth/secret.key). */
  secretsKeyFile?: string;
  /** How long a process trusts a credential lookup: the delay before a revoked key stops working. */
  credentialCacheMs: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/**
 * An agent on the channel beats this often; default 4/5 of the agent timeout
 * (24 s of 30), so a beat jittered by +10 % still lands before the agent
 * would look disconnected.
 */
function heartbeatMs(env: NodeJS.ProcessEnv, agentTimeoutMs: number): number {
  const ms = positive(env, 'BERTH_AGENT_HEARTBEAT_SECONDS', (0.8 * agentTimeoutMs) / 1000) * 1000;
  if (ms * 1.1 >= agentTimeoutMs)
    throw new Error(`BERTH_AGENT_HEARTBEAT_SECONDS (+10 % jitter) must stay below BERTH_AGENT_TIMEOUT_SECONDS (${agentTimeoutMs / 1000})`);
  return ms;
}

/**
 * The HTTP poll fallback: every 10 s by default (a tenth of the old 1 s rate
 * and of its bill; work reaches a poll-only agent within 10 s), never slower
 * than the channel's heartbeat, so a short agent timeout tightens it too.
 */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

function pollIntervalMs(env: NodeJS.ProcessEnv, agentTimeoutMs: number, heartbeat: number): number {
  const ms = positive(env, 'BERTH_POLL_INTERVAL_MS', Math.min(DEFAULT_POLL_INTERVAL_MS, heartbeat));
  if (ms * 1.1 >= agentTimeoutMs)
    throw new Error(`BERTH_POLL_INTERVAL_MS (+10 % jitter) must stay below BERTH_AGENT_TIMEOUT_SECONDS (${agentTimeoutMs / 1000} s)`);
  return ms;
}

function channelUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^wss?:\/\/[^/\s]+/.test(raw)) throw new Error(`BERTH_AGENT_CHANNEL_URL must be a ws:// or wss:// URL, got "${raw}"`);
  return raw;
}

/** What a CloudWatch alarm accepts as its Period: 10, 30 or any multiple of 60 seconds. */
function metricPeriod(env: NodeJS.ProcessEnv): number {
  const raw = env.BERTH_METRIC_PERIOD_SECONDS;
  if (raw === undefined || raw === '') return 60;
  const n = Number(raw);
  if (!Number.isInteger(n) || !(n === 10 || n === 30 || (n > 0 && n % 60 === 0))) {
    throw new Error(`BERTH_METRIC_PERIOD_SECONDS must be 10, 30 or a multiple of 60 (what CloudWatch alarms accept), got "${raw}"`);
  }
  return n;
}

/** A function name or ARN → its ARN. */
const functionArn = (nameOrArn: string, region: string, accountId: string) =>
  nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:lambda:${region}:${accountId}:function:${nameOrArn}`;

export function readConfig(env: NodeJS.ProcessEnv = process.env): BerthConfig {
  const accountId = env.BERTH_ACCOUNT_ID ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`BERTH_ACCOUNT_ID must be 12 digits, got "${accountId}"`);
  const agentTimeoutMs = positive(env, 'BERTH_AGENT_TIMEOUT_SECONDS', 30) * 1000;
  const region = env.BERTH_REGION ?? env.AWS_REGION ?? 'us-east-1';
  const agentHeartbeatMs = heartbeatMs(env, agentTimeoutMs);
  return Object.freeze({
    region,
    accountId,
    tableName: env.BERTH_TABLE ?? 'berth',
    dynamodbEndpoint: env.BERTH_DYNAMODB_ENDPOINT || undefined,
    lambdaEndpoint: env.BERTH_LAMBDA_ENDPOINT || undefined,
    reconcilerFunction: env.BERTH_RECONCILER_FUNCTION || undefined,
    agentEndpoint: env.BERTH_AGENT_ENDPOINT || 'http://127.0.0.1:3000',
    agentChannelUrl: channelUrl(env.BERTH_AGENT_CHANNEL_URL),
    agentChannelApi: env.BERTH_AGENT_CHANNEL_API || undefined,
    agentHeartbeatMs,
    agentTimeoutMs,
    lostAgentMs: positive(env, 'BERTH_LOST_AGENT_SECONDS', (2 * agentTimeoutMs) / 1000) * 1000,
    pollIntervalMs: pollIntervalMs(env, agentTimeoutMs, agentHeartbeatMs),
    autoScalingEndpoint: env.BERTH_AUTOSCALING_ENDPOINT || undefined,
    provisioningTimeoutMs: positive(env, 'BERTH_PROVISIONING_TIMEOUT_SECONDS', 30 * 60) * 1000,
    elbEndpoint: env.BERTH_ELB_ENDPOINT || undefined,
    metricPeriodSeconds: metricPeriod(env),
    cloudwatchEndpoint: env.BERTH_CLOUDWATCH_ENDPOINT || undefined,
    scaleServiceFunctionArn: functionArn(env.BERTH_SCALE_SERVICE_FUNCTION || 'berth-dev-scale-service', region, accountId),
    scaleClusterFunctionArn: functionArn(env.BERTH_SCALE_CLUSTER_FUNCTION || 'berth-dev-scale-cluster', region, accountId),
    kmsKeyId: env.BERTH_KMS_KEY_ID || undefined,
    secretsKeyFile: env.BERTH_SECRETS_KEY_FILE || undefined,
    credentialCacheMs: positive(env, 'BERTH_CREDENTIAL_CACHE_MS', 5000),
  });
}
