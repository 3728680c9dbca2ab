import { randomUUID } from 'node:crypto';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../dynamodb/read-all.js';
import type { Dimension, MetricAlarm, Tag } from '@aws-sdk/client-cloudwatch';
import { canonicalMetric, metricId, sortedDimensions, type MetricIdentity } from './metric-identity.js';
import type { StoredPoint } from './statistics.js';

type AlarmTimestamps = 'AlarmConfigurationUpdatedTimestamp' | 'StateUpdatedTimestamp' | 'StateTransitionedTimestamp';

/** An alarm as the twin keeps it: the DescribeAlarms shape (timestamps in epoch seconds, as AWS JSON carries them) plus tags. */
export interface AlarmRecord extends Omit<MetricAlarm, AlarmTimestamps> {
  AlarmName: string;
  AlarmArn: string;
  AlarmConfigurationUpdatedTimestamp: number;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
  Tags?: Tag[];
}
export interface VersionedAlarm {
  alarm: AlarmRecord;
  version: number;
}

export interface HistoryRecord {
  AlarmName: string;
  AlarmType: 'MetricAlarm';
  /** Epoch seconds. */
  Timestamp: number;
  HistoryItemType: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  HistorySummary: string;
  HistoryData: string;
}

export interface CatalogEntry {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
  /** Epoch ms of the latest put. */
  lastPut: number;
}

/** Datapoints are kept 15 days (CloudWatch keeps 1-minute data that long); history two weeks. */
const POINT_TTL_S = 15 * 86_400;
const HISTORY_TTL_S = 14 * 86_400;
/** A metric's catalog entry is rewritten at most this often (ListMetrics' RecentlyActive counts in hours). */
const CATALOG_REFRESH_MS = 10 * 60_000;

const pad15 = (n: number) => String(n).padStart(15, '0');

export class CloudWatchStore {
  /** Metric hash → when its catalog entry was last written by this process. */
  private readonly catalogWritten = new Map<string, number>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  // ── datapoints ──

  async putPoints(entries: { metric: MetricIdentity; point: StoredPoint }[], now: number): Promise<void> {
    const items: Record<string, unknown>[] = [];
    for (const { metric, point } of entries) {
      const id = metricId(metric);
      items.push({
        PK: `DP#${id}`,
        SK: `${pad15(point.t)}#${randomUUID().slice(0, 8)}`,
        ...point,
        expiresAt: Math.floor(now / 1000) + POINT_TTL_S,
      });
      if (now - (this.catalogWritten.get(id) ?? 0) >= CATALOG_REFRESH_MS) {
        this.catalogWritten.set(id, now);
        const dims = sortedDimensions(metric.dimensions);
        items.push({
          PK: 'METRICS',
          SK: canonicalMetric(metric),
          Namespace: metric.namespace,
          MetricName: metric.metricName,
          Dimensions: dims,
          lastPut: now,
        });
      }
    }
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [this.table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length) {
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  }

  /** Points of one metric with from ≤ t < to, oldest first. */
  async points(metric: MetricIdentity, from: number, to: number): Promise<StoredPoint[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':pk': `DP#${metricId(metric)}`,
        ':a': pad15(Math.max(0, from)),
        ':b': `${pad15(Math.max(0, to - 1))}#~`,
      },
    });
    return items.map((i) => ({
      t: i.t as number,
      n: i.n as number,
      sum: i.sum as number,
      min: i.min as number,
      max: i.max as number,
      unit: i.unit as string | undefined,
    }));
  }

  /** Catalog entries, by namespace (and metric name) when given. */
  async metrics(namespace?: string, metricName?: string): Promise<CatalogEntry[]> {
    const prefix = namespace === undefined ? '' : metricName === undefined ? `${namespace}\u0000` : `${namespace}\u0000${metricName}\u0000`;
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :p)' : 'PK = :pk',
      ExpressionAttributeValues: prefix ? { ':pk': 'METRICS', ':p': prefix } : { ':pk': 'METRICS' },
    });
    return items as unknown as CatalogEntry[];
  }

  // ── alarms ──

  async alarm(name: string): Promise<VersionedAlarm | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { PK: 'ALARMS', SK: name }, ConsistentRead: true }));
    return Item ? { alarm: Item.alarm as AlarmRecord, version: Item.version as number } : undefined;
  }

  /** Every alarm, in name order (one partition: the twin serves one developer's account). */
  async alarms(): Promise<VersionedAlarm[]> {
    const items = await this.queryAll({
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'ALARMS' },
      ConsistentRead: true,
    });
    return items.map((i) => ({ alarm: i.alarm as AlarmRecord, version: i.version as number }));
  }

  /** Writes the alarm if its version is still `expected` (undefined: only if it does not exist); false on conflict. */
  async putAlarm(alarm: AlarmRecord, expected: number | undefined): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: 'ALARMS', SK: alarm.AlarmName, alarm, version: (expected ?? 0) + 1 },
          ConditionExpression: expected === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(expected === undefined ? {} : { ExpressionAttributeValues: { ':v': expected } }),
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  async deleteAlarm(name: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { PK: 'ALARMS', SK: name } }));
  }

  // ── history ──

  async addHistory(h: HistoryRecord, nowMs: number): Promise<void> {
    const sk = `${pad15(Math.round(h.Timestamp * 1000))}#${randomUUID().slice(0, 8)}`;
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          PK: `HISTORY#${h.AlarmName}`,
          SK: sk,
          GSI1PK: 'HISTORY',
          GSI1SK: sk,
          ...h,
          expiresAt: Math.floor(nowMs / 1000) + HISTORY_TTL_S,
        },
      }),
    );
  }

  /** One page of history, newest first unless `ascending`, between from and to (epoch ms). */
  async history(q: {
    alarmName?: string;
    from: number;
    to: number;
    ascending: boolean;
    limit: number;
    startKey?: Record<string, unknown>;
    type?: string;
  }): Promise<{ items: HistoryRecord[]; nextKey?: Record<string, unknown> }> {
    const [pk, sk] = q.alarmName ? ['PK', 'SK'] : ['GSI1PK', 'GSI1SK'];
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...(q.alarmName ? {} : { IndexName: 'GSI1' }),
        KeyConditionExpression: `${pk} = :pk AND ${sk} BETWEEN :a AND :b`,
        ...(q.type ? { FilterExpression: 'HistoryItemType = :type' } : {}),
        ExpressionAttributeValues: {
          ':pk': q.alarmName ? `HISTORY#${q.alarmName}` : 'HISTORY',
          ':a': pad15(Math.max(0, q.from)),
          ':b': `${pad15(q.to)}#~`,
          ...(q.type ? { ':type': q.type } : {}),
        },
        ScanIndexForward: q.ascending,
        Limit: q.limit,
        ExclusiveStartKey: q.startKey,
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => ({
        AlarmName: i.AlarmName,
        AlarmType: i.AlarmType,
        Timestamp: i.Timestamp,
        HistoryItemType: i.HistoryItemType,
        HistorySummary: i.HistorySummary,
        HistoryData: i.HistoryData,
      })),
      nextKey: out.LastEvaluatedKey,
    };
  }

  private queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, input);
  }
}
