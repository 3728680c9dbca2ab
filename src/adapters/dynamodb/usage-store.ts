import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaskUsageSample, UsageStore } from '../../ports/usage-store.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';

/** A sample older than this says nothing: TTL removes the record of an instance that stopped sampling. */
const USAGE_TTL_SECONDS = 24 * 3600;

/** One small, unindexed item per instance, overwritten by each sample: one write unit for up to ~15 tasks. */
export class DynamoUsageStore implements UsageStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(cluster: string, instanceId: string, samples: readonly TaskUsageSample[], at: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.instanceUsage(cluster, instanceId),
          at,
          // Short names: the item's size is its cost.
          s: samples.map((u) => [u.taskId, u.cpuPercent, u.memoryBytes]),
          [TTL_ATTRIBUTE]: Math.floor(at / 1000) + USAGE_TTL_SECONDS,
        },
      }),
    );
  }

  async ofInstance(cluster: string, instanceId: string) {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.instanceUsage(cluster, instanceId) }));
    if (!out.Item) return undefined;
    const rows = out.Item.s as [string, number, number][];
    return { at: out.Item.at as number, samples: rows.map(([taskId, cpuPercent, memoryBytes]) => ({ taskId, cpuPercent, memoryBytes })) };
  }
}
