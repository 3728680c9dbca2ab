import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CredentialStore, StoredCredential } from '../../ports/credential-store.js';
import { conditionHeld } from './errors.js';
import { stripKeys } from './item-codec.js';
import { keys } from './keys.js';
import { queryAll } from './read-all.js';

/**
 * Credentials, one item each under `CREDENTIAL#<access key id>` (one GetItem
 * per cold lookup). Users are listed through GSI1; an instance's key is
 * written together with the instance's `agentKeyId`, so deregistering the
 * instance can delete exactly that key in the same transaction.
 */
export class DynamoCredentialRepository implements CredentialStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(accessKeyId: string) {
    // Strongly consistent: a key created a moment ago by the CLI works at once, a revoked one stops.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.credential(accessKeyId), ConsistentRead: true }));
    return Item ? stripKeys<StoredCredential>(Item) : undefined;
  }

  async createUser(cred: StoredCredential) {
    return conditionHeld(
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.credential(cred.accessKeyId), ...keys.credentialList(cred.name, cred.accessKeyId), type: 'credential', ...cred },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async createForInstance(cred: StoredCredential) {
    return conditionHeld(
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.credential(cred.accessKeyId), type: 'credential', ...cred },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: keys.containerInstance(cred.cluster!, cred.instanceId!),
                UpdateExpression: 'SET agentKeyId = :k',
                ConditionExpression: 'attribute_exists(PK) AND #s <> :inactive AND attribute_not_exists(agentKeyId)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':k': cred.accessKeyId, ':inactive': 'INACTIVE' },
              },
            },
          ],
        }),
      ),
    );
  }

  async deleteUser(accessKeyId: string) {
    return conditionHeld(
      this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.credential(accessKeyId),
          ConditionExpression: 'attribute_exists(PK) AND kind = :user',
          ExpressionAttributeValues: { ':user': 'user' },
        }),
      ),
    );
  }

  async listUsers() {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.credentialListPartition() },
    });
    return items.map((i) => stripKeys<StoredCredential>(i));
  }
}
