import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency-store.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(scope: string, token: string, fingerprint: string, expiresAt: number): Promise<IdempotencyRecord | undefined> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.idempotency(scope, token), type: 'token', fingerprint, result: [], done: false, [TTL_ATTRIBUTE]: expiresAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return undefined;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.idempotency(scope, token), ConsistentRead: true }),
      );
      return Item
        ? ({ fingerprint: Item.fingerprint, result: Item.result } as IdempotencyRecord)
        : this.claim(scope, token, fingerprint, expiresAt);
    }
  }

  async complete(scope: string, token: string, result: string[]) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.idempotency(scope, token),
        UpdateExpression: 'SET #r = :r, done = :t',
        ExpressionAttributeNames: { '#r': 'result' },
        ExpressionAttributeValues: { ':r': result, ':t': true },
      }),
    );
  }

  async release(scope: string, token: string) {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.idempotency(scope, token) }));
  }
}
