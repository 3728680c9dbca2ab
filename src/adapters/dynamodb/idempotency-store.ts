import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore, TokenCompletion, TokenOutcome } from '../../ports/idempotency-store.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';

/**
 * The conditional write that records a token's outcome: only the first
 * outcome stands. The task repository puts it in the same transaction as the
 * tasks the call creates, so tasks exist exactly when their token says done.
 */
export function tokenCompletionUpdate(table: string, c: TokenCompletion) {
  return {
    TableName: table,
    Key: keys.idempotency(c.scope, c.token),
    UpdateExpression: 'SET #r = :r, failures = :f, done = :t, fingerprint = if_not_exists(fingerprint, :fp), #type = :type, #ttl = :exp',
    ConditionExpression: 'attribute_not_exists(done) OR done = :false',
    ExpressionAttributeNames: { '#r': 'result', '#type': 'type', '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: {
      ':r': c.outcome.result,
      ':f': c.outcome.failures,
      ':t': true,
      ':false': false,
      ':fp': c.outcome.fingerprint,
      ':type': 'token',
      ':exp': c.expiresAt,
    },
  };
}

const decode = (item: Record<string, unknown>): IdempotencyRecord => ({
  fingerprint: item.fingerprint as string,
  result: (item.result as string[]) ?? [],
  failures: (item.failures as IdempotencyRecord['failures']) ?? [],
  done: item.done === true,
});

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  claim(scope: string, token: string, fingerprint: string, expiresAt: number): Promise<IdempotencyRecord | undefined> {
    // A claim released between our Put and our Get is claimable again: retry.
    return retryOnConflict(`clientToken ${token}`, this.retry, async () => {
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
        return (await this.get(scope, token)) ?? CONFLICT;
      }
    });
  }

  async get(scope: string, token: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.idempotency(scope, token), ConsistentRead: true }),
    );
    return Item ? decode(Item) : undefined;
  }

  async complete(c: TokenCompletion): Promise<TokenOutcome> {
    try {
      await this.db.send(new UpdateCommand(tokenCompletionUpdate(this.table, c)));
      return c.outcome;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // Another call with this token recorded its outcome first: that one stands.
      return (await this.get(c.scope, c.token))!;
    }
  }

  async release(scope: string, token: string) {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.idempotency(scope, token),
          ConditionExpression: 'done = :false',
          ExpressionAttributeValues: { ':false': false },
        }),
      )
      .catch((err) => {
        if (!isConditionFailure(err)) throw err;
      });
  }
}
