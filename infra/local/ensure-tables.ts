import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import tables from '../tables.json' with { type: 'json' };

// Lambda runs Node 22; on the Node 20 of a dev machine the SDK's upgrade notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Creates Berth's table from infra/tables.json (the CloudFormation properties
 * serverless.yml deploys), or brings an existing one up to date: missing GSIs
 * are added and TTL enabled. Safe to run on every start.
 */
export function ensureTables(endpoint: string, tableName: string, log: (line: string) => void = () => {}): Promise<void> {
  return ensureTable(endpoint, tableName, tables.berth, log);
}

/** The CloudFormation properties of a table (as in infra/tables.json), for ensureTable. */
export interface TableSpec {
  BillingMode: string;
  AttributeDefinitions: unknown[];
  KeySchema: unknown[];
  GlobalSecondaryIndexes?: { IndexName: string }[];
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

/** Creates a table on DynamoDB Local or brings it up to date (missing GSIs, TTL); local twins keep their state this way too. */
export async function ensureTable(
  endpoint: string,
  tableName: string,
  spec: TableSpec,
  log: (line: string) => void = () => {},
): Promise<void> {
  const db = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const existing = await db.send(new DescribeTableCommand({ TableName: tableName })).catch((err) => {
    if (err.name === 'ResourceNotFoundException') return undefined;
    throw err;
  });
  if (!existing) {
    const input: CreateTableCommandInput = {
      TableName: tableName,
      BillingMode: spec.BillingMode as 'PAY_PER_REQUEST',
      AttributeDefinitions: spec.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      KeySchema: spec.KeySchema as CreateTableCommandInput['KeySchema'],
      GlobalSecondaryIndexes: spec.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
    };
    await db.send(new CreateTableCommand(input));
    log(`  created table ${tableName}`);
  } else {
    const have = new Set(existing.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName));
    for (const gsi of (spec.GlobalSecondaryIndexes ?? []).filter((g) => !have.has(g.IndexName))) {
      await db.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: spec.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
          GlobalSecondaryIndexUpdates: [{ Create: gsi as never }],
        }),
      );
      log(`  added index ${gsi.IndexName} to ${tableName}`);
    }
  }
  const ttl = spec.TimeToLiveSpecification && (await db.send(new DescribeTimeToLiveCommand({ TableName: tableName })));
  if (ttl && ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await db.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: spec.TimeToLiveSpecification }));
  }
  db.destroy();
}
