/**
 * The local Auto Scaling twin's state in DynamoDB Local, in a table of its own
 * (it stands in for another AWS service, so it never shares Berth's table):
 *
 * | Entity   | PK             | SK               | GSI1                   |
 * | Group    | `GROUP#<name>` | `GROUP`          | `GROUPS` / `<name>`    |
 * | Activity | `GROUP#<name>` | `ACTIVITY#<id>`  |                        |
 *
 * A group item holds its instances (a group is small), written under a
 * version so no two writers ever lose each other's change.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ActivityRecord, GroupRecord } from './group-record.js';
import { TWIN_TABLE_WITH_GSI1 } from '../twin-table-spec.js';

/** CloudFormation-style table properties, for infra/local/ensure-tables.ts ensureTable(). */
export const GROUP_TABLE_SPEC = TWIN_TABLE_WITH_GSI1;

/** Activities kept per group (DescribeScalingActivities shows the newest). */
const MAX_ACTIVITIES = 100;

const groupKey = (name: string) => ({ PK: `GROUP#${name}`, SK: 'GROUP' });
const activityKey = (group: string, id: string) => ({ PK: `GROUP#${group}`, SK: `ACTIVITY#${id}` });

export interface StoredGroup {
  group: GroupRecord;
  version: number;
}

/** An activity begun earlier has ended. */
export interface ActivityCompletion {
  activityId: string;
  status: 'Successful' | 'Failed' | 'Cancelled';
  /** Epoch seconds. */
  endTime: number;
  message?: string;
}

/** Newest first; activities begun in the same millisecond by their sequence. */
export const newestFirst = (a: ActivityRecord, b: ActivityRecord) => b.StartTime - a.StartTime || (b.seq ?? 0) - (a.seq ?? 0);

export class VersionConflict extends Error {
  constructor(group: string) {
    super(`group ${group} changed concurrently`);
  }
}

export class GroupStore {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    endpoint: string,
    private readonly table: string,
  ) {
    this.db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
  }

  async get(name: string): Promise<StoredGroup | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: groupKey(name), ConsistentRead: true }));
    return Item ? { group: Item.group as GroupRecord, version: Item.version as number } : undefined;
  }

  /** Every group, by name. */
  async list(): Promise<StoredGroup[]> {
    const items = await this.queryAll({
      TableName: this.table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :g',
      ExpressionAttributeValues: { ':g': 'GROUPS' },
    });
    return items.map((i) => ({ group: i.group as GroupRecord, version: i.version as number }));
  }

  /** Writes the group: created when `version` is undefined, else only over that version. Returns the new version. */
  async put(group: GroupRecord, version: number | undefined): Promise<number> {
    const next = (version ?? 0) + 1;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...groupKey(group.name), GSI1PK: 'GROUPS', GSI1SK: group.name, group, version: next },
          ConditionExpression: version === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(version === undefined ? {} : { ExpressionAttributeValues: { ':v': version } }),
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') throw new VersionConflict(group.name);
      throw err;
    }
    return next;
  }

  /** Removes the group and its activities. */
  async delete(name: string): Promise<void> {
    const activities = await this.activityItems(name);
    for (let i = 0; i < activities.length; i += 25) {
      const chunk = activities.slice(i, i + 25);
      await this.db.send(
        new BatchWriteCommand({
          RequestItems: { [this.table]: chunk.map((a) => ({ DeleteRequest: { Key: { PK: a.PK, SK: a.SK } } })) },
        }),
      );
    }
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: groupKey(name) }));
  }

  async putActivity(a: ActivityRecord): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { ...activityKey(a.AutoScalingGroupName, a.ActivityId), activity: a } }),
    );
    const all = await this.activities(a.AutoScalingGroupName);
    for (const old of all.slice(MAX_ACTIVITIES)) {
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: activityKey(old.AutoScalingGroupName, old.ActivityId) }));
    }
  }

  /** Completes a stored activity (nothing if it was pruned meanwhile). */
  async completeActivity(group: string, c: ActivityCompletion): Promise<void> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: activityKey(group, c.activityId), ConsistentRead: true }),
    );
    if (!Item) return;
    const a = Item.activity as ActivityRecord;
    await this.putActivity({
      ...a,
      StatusCode: c.status,
      Progress: 100,
      EndTime: c.endTime,
      ...(c.message ? { StatusMessage: c.message } : {}),
    });
  }

  /** A group's activities, newest first. */
  async activities(group: string): Promise<ActivityRecord[]> {
    const items = await this.activityItems(group);
    return items
      .map((i) => i.activity as ActivityRecord)
      .sort((a, b) => b.StartTime - a.StartTime || (a.ActivityId < b.ActivityId ? -1 : 1));
  }

  private activityItems(group: string) {
    return this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
      ExpressionAttributeValues: { ':pk': `GROUP#${group}`, ':a': 'ACTIVITY#' },
      ConsistentRead: true,
    });
  }

  private async queryAll(input: QueryCommandInput) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  destroy(): void {
    this.db.destroy();
  }
}
