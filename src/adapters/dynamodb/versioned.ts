import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors.js';
import type { Key } from './keys.js';

/**
 * Optimistic read-modify-write of one item: every item carries `version`;
 * a write succeeds only if nobody wrote since the read, else it re-reads and
 * re-applies `change`, a bounded number of times.
 */
export async function modifyItem<T extends Record<string, unknown>>(
  db: DynamoDBDocumentClient,
  table: string,
  key: Key,
  change: (current: T) => T | undefined,
  attempts = 25,
): Promise<T | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
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
      await backoff(attempt);
    }
  }
  throw new Error(`gave up updating ${key.PK}/${key.SK} after ${attempts} conflicting writes`);
}

/** Full jitter, capped, so a crowd of writers spreads out instead of colliding again. */
export const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
