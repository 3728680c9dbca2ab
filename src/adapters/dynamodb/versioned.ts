import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONFLICT, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';
import { isConditionFailure } from './errors.js';
import type { Key } from './keys.js';

/**
 * Optimistic read-modify-write of one item: every item carries `version`;
 * a write succeeds only if nobody wrote since the read, else it re-reads and
 * re-applies `change` (under the conflict policy).
 */
export function modifyItem<T extends Record<string, unknown>>(
  db: DynamoDBDocumentClient,
  table: string,
  key: Key,
  change: (current: T) => T | undefined,
  retry: ConflictRetry,
): Promise<T | undefined> {
  return retryOnConflict(`update of ${key.PK}/${key.SK}`, retry, async () => {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    if (!Item) return undefined;
    const next = change(Item as T);
    if (next === undefined) return undefined;
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...next, ...key, version: (Item.version as number) + 1 },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': Item.version },
        }),
      );
      return next;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return CONFLICT;
    }
  });
}
