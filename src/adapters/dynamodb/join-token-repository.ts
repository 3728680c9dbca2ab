import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JoinTokenRecord, JoinTokenStore } from '../../ports/join-token-store.js';
import { conditionHeld } from './errors.js';
import { stripKeys } from './item-codec.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { queryAll } from './read-all.js';

/** Join tokens under `JOINTOKEN#<id>`, listed through GSI1, deleted by TTL after they expire. */
export class DynamoJoinTokenRepository implements JoinTokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(id: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.joinToken(id), ConsistentRead: true }));
    return Item ? decode(Item) : undefined;
  }

  async create(record: JoinTokenRecord) {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.joinToken(record.id),
          ...keys.joinTokenList(record.cluster, record.id),
          type: 'join-token',
          ...record,
          [TTL_ATTRIBUTE]: Math.ceil(record.validUntil / 1000),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async claim(id: string, now: number) {
    return conditionHeld(
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.joinToken(id),
          UpdateExpression: 'SET registrations = registrations + :one',
          ConditionExpression:
            'attribute_exists(PK) AND validUntil > :now AND (attribute_not_exists(maxRegistrations) OR registrations < maxRegistrations)',
          ExpressionAttributeValues: { ':one': 1, ':now': now },
        }),
      ),
    );
  }

  async revoke(id: string) {
    return conditionHeld(
      this.db.send(new DeleteCommand({ TableName: this.table, Key: keys.joinToken(id), ConditionExpression: 'attribute_exists(PK)' })),
    );
  }

  async list() {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.joinTokenListPartition() },
    });
    return items.map(decode);
  }
}

const decode = (item: Record<string, unknown>) => stripKeys<JoinTokenRecord>(item);
