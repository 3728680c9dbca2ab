import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountSettingsStore, StoredAccountSetting } from '../../ports/account-settings-store.js';
import { keys } from './keys.js';

const decode = (item: Record<string, unknown>): StoredAccountSetting => ({
  principalArn: item.principalArn as string,
  name: item.name as string,
  value: item.value as string,
});

/** One partition per principal, one item per setting name: a principal's settings are one Query (at most 11 items). */
export class DynamoAccountSettingsStore implements AccountSettingsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(principalArn: string): Promise<StoredAccountSetting[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.accountSettingPartition(principalArn) },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(decode);
  }

  async put(setting: StoredAccountSetting): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.accountSetting(setting.principalArn, setting.name), type: 'accountSetting', ...setting },
      }),
    );
  }

  async delete(principalArn: string, name: string): Promise<StoredAccountSetting | undefined> {
    const out = await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: keys.accountSetting(principalArn, name), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? decode(out.Attributes) : undefined;
  }
}
