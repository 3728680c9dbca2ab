import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InstanceUsage } from '../../domain/metrics/usage.js';
import type { UsageStore } from '../../ports/usage-store.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { queryAll } from './read-all.js';

/** Usage items are read within a period or two; they expire after an hour. */
const USAGE_TTL_S = 3600;

export class DynamoUsageStore implements UsageStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(cluster: string, periodStartS: number, writer: string, usage: InstanceUsage): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.instanceUsage(cluster, periodStartS, usage.instanceId, writer),
          type: 'usage',
          usage,
          [TTL_ATTRIBUTE]: periodStartS + USAGE_TTL_S,
        },
      }),
    );
  }

  async forPeriod(cluster: string, periodStartS: number): Promise<InstanceUsage[]> {
    const items = await queryAll<{ usage: InstanceUsage }>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':p': keys.instanceUsagePeriodPrefix(periodStartS) },
    });
    return items.map((i) => i.usage);
  }

  async claimPeriods(cluster: string, periodStartS: number): Promise<number | undefined | false> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.metricsMarker(cluster),
          UpdateExpression: 'SET published = :p',
          ConditionExpression: 'attribute_not_exists(published) OR published < :p',
          ExpressionAttributeValues: { ':p': periodStartS },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return out.Attributes?.published as number | undefined;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
