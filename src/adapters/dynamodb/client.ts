import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BerthConfig } from '../../config.js';
import { mapDynamoDbRefusals } from './refusals.js';

/** One document client per process, built at module scope by the entry points. */
export function createDocumentClient(config: Pick<BerthConfig, 'region' | 'dynamodbEndpoint'>): DynamoDBDocumentClient {
  const local = config.dynamodbEndpoint !== undefined;
  const client = new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    // DynamoDB Local accepts any credentials; on AWS the Lambda role's are used.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
  mapDynamoDbRefusals(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
