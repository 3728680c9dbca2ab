import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTables } from '../../infra/local/ensure-tables.js';
import { readConfig, type BerthConfig } from '../../src/config.js';

/** A fresh table on the integration project's DynamoDB Local, and a config pointing at it. */
export async function freshTable(): Promise<BerthConfig> {
  const endpoint = inject('dynamodbEndpoint');
  const tableName = `t-${randomUUID()}`;
  await ensureTables(endpoint, tableName);
  return readConfig({ BERTH_TABLE: tableName, BERTH_DYNAMODB_ENDPOINT: endpoint, BERTH_REGION: 'us-east-1' });
}
