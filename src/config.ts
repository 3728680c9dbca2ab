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
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BerthConfig {
  const accountId = env.BERTH_ACCOUNT_ID ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`BERTH_ACCOUNT_ID must be 12 digits, got "${accountId}"`);
  return Object.freeze({
    region: env.BERTH_REGION ?? env.AWS_REGION ?? 'us-east-1',
    accountId,
    tableName: env.BERTH_TABLE ?? 'berth',
    dynamodbEndpoint: env.BERTH_DYNAMODB_ENDPOINT || undefined,
  });
}
