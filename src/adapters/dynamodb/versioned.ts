import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONFLICT, CONFLICT_LIMITS, retryOnConflict } from '../../domain/retry-on-conflict.js';
import { isConditionFailure } from './errors.js';
import type { Key } from './keys.js';

/**
 * Optimistic read-modify-write of one item: every item carries `version`;
 * a write succeeds only if nobody wrote since the read, else it re-reads and
 * re-applies `change` (retryOnConflict).
 */
export async function modifyItem<T extends Record<string, unknown>>(
  db: DynamoDBDocumentClient,
  table: string,
  key: Key,
  change: (current: T) => T | undefined,
  limit: number = CONFLICT_LIMITS.item,
): Promise<T | undefined> {
  return retryOnConflict(
    `update ${key.PK}/${key.SK}`,
    async () => {
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
    },
    { limit },
  );
}
