import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Key } from './keys.js';

/** Every page of a Query (a bounded partition or index range: never a Scan). */
/** Items come back as the caller's item type: the key prefix in `input` decides what they are. */
export async function queryAll<T = Record<string, unknown>>(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items as T[];
}

/**
 * BatchGetItem in chunks of 100 distinct keys, retrying unprocessed keys; strongly
 * consistent unless `consistent` is false (half the read units: for following
 * an index's keys, which are eventually consistent themselves).
 */
export async function batchGetAll<T = Record<string, unknown>>(
  db: DynamoDBDocumentClient,
  table: string,
  keyList: readonly Key[],
  consistent = true,
): Promise<T[]> {
  const items: Record<string, unknown>[] = [];
  // BatchGetItem refuses a key named twice, and keys followed from an index can repeat: on DynamoDB an
  // item whose index key just moved may briefly be listed under its old key and its new one.
  const unique = [...new Map(keyList.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
      [table]: { Keys: unique.slice(i, i + 100), ConsistentRead: consistent },
    };
    while (request && Object.keys(request).length) {
      const out = await db.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(out.Responses?.[table] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return items as T[];
}
