/**
 * The Elastic Load Balancing v2 twin on its own: its DynamoDB Local table and
 * an edge on a free port, so stock clients (the SDK, /usr/bin/aws) reach it
 * with --endpoint-url, as they reach `npm start`.
 */
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdge, type Edge } from '../../infra/local/edge.js';
import { ensureTable } from '../../infra/local/ensure-tables.js';
import { freePort } from '../../infra/local/ports.js';
import { ELBV2_TABLE_SPEC } from '../../src/adapters/local/elbv2/elbv2-store.js';
import { startElbv2Twin, type Elbv2Twin } from '../../src/adapters/local/elbv2/elbv2-twin.js';
import { KeyFileCipher } from '../../src/adapters/secrets/key-file-cipher.js';
import { DEFAULT_CREDENTIAL, ensureDefaultCredential } from '../../src/app/security/credentials.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { awsCli } from './aws-cli.js';
import { MemoryCredentials } from './memory-credentials.js';

export interface LocalElbv2 {
  endpoint: string;
  twin: Elbv2Twin;
  client: ElasticLoadBalancingV2Client;
  /** Runs `/usr/bin/aws elbv2 <args> --endpoint-url …` and parses its JSON output. */
  cli(...args: string[]): Promise<any>;
  stop(): Promise<void>;
}

export async function startLocalElbv2(dynamodbEndpoint: string, tableName: string): Promise<LocalElbv2> {
  await ensureTable(dynamodbEndpoint, tableName, ELBV2_TABLE_SPEC);
  const authenticator = await testAuthenticator();
  const twin = await startElbv2Twin({ dynamodbEndpoint, tableName, region: 'us-east-1', accountId: '000000000000', authenticator });
  let edge: Edge;
  try {
    edge = await startEdge({ port: await freePort(), offlineHttpPort: await freePort(), twins: [twin] });
  } catch (err) {
    await twin.stop?.();
    throw err;
  }
  const client = new ElasticLoadBalancingV2Client({
    endpoint: edge.endpoint,
    region: 'us-east-1',
    credentials: DEFAULT_CREDENTIAL,
    maxAttempts: 1,
  });
  return {
    endpoint: edge.endpoint,
    twin,
    client,
    cli: (...args) => awsCli(edge.endpoint).json('elbv2', ...args),
    async stop() {
      client.destroy();
      await edge.stop();
      await twin.stop?.();
    },
  };
}

/** SigV4 as `npm start` checks it, with the local admin key test/test (in memory, under a throwaway key file). */
async function testAuthenticator(): Promise<Authenticator> {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'berth-elbv2-key-')), 'secret.key');
  KeyFileCipher.ensure(keyFile);
  const cipher = KeyFileCipher.load(keyFile);
  const credentials = new MemoryCredentials();
  const arn = { region: 'us-east-1', accountId: '000000000000' };
  await ensureDefaultCredential({ arn, clock: { now: Date.now }, credentials, joinTokens: undefined as never, cipher });
  return new Authenticator({ credentials, cipher, arn });
}
