import type { Tag } from '@aws-sdk/client-ecs';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ServiceRecord } from '../../domain/service.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { ServiceRepository } from '../../ports/service-repository.js';
import { isConditionFailure } from './errors.js';
import { keys } from './keys.js';
import { batchGetAll, queryAll } from './read-all.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { decodeService, serviceCreate, serviceWrite, type ServiceItem } from './service-items.js';
import { historyItems } from './service-history-items.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';

export class DynamoServiceRepository implements ServiceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  async create(record: ServiceRecord) {
    const { item, history } = serviceCreate(record);
    // An INACTIVE service's name may be reused, as in ECS.
    const put = {
      TableName: this.table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(PK) OR #status = :inactive',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inactive': 'INACTIVE' },
    };
    try {
      // With its first deployment's revision and service deployment, in one transaction.
      if (history.length)
        await this.db.send(new TransactWriteCommand({ TransactItems: [...historyItems(this.table, history), { Put: put }] }));
      else await this.db.send(new PutCommand(put));
      return { record: item.service, version: 1 };
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async get(cluster: string, name: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.service(cluster, name), ConsistentRead: true }));
    return Item ? decodeService(Item as ServiceItem) : undefined;
  }

  async getMany(cluster: string, names: readonly string[]) {
    const items = await batchGetAll<ServiceItem>(
      this.db,
      this.table,
      [...new Set(names)].map((n) => keys.service(cluster, n)),
    );
    return new Map(items.map(decodeService).map((s) => [s.record.serviceName, s]));
  }

  async listAll(cluster: string) {
    const items = await queryAll<ServiceItem>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': keys.servicePrefix() },
      ConsistentRead: true,
    });
    return items.map(decodeService);
  }

  async listNames(cluster: string, page: PageRequest): Promise<Page<string>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: '#status <> :inactive',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': keys.servicePrefix(), ':inactive': 'INACTIVE' },
        ProjectionExpression: 'SK',
        Limit: page.limit,
        ExclusiveStartKey: decodePageToken(page.nextToken),
      }),
    );
    const prefix = keys.servicePrefix().length;
    return { items: (out.Items ?? []).map((i) => (i.SK as string).slice(prefix)), nextToken: encodePageToken(out.LastEvaluatedKey) };
  }

  async put(record: ServiceRecord, expectedVersion: number) {
    const write = serviceWrite(this.table, record, expectedVersion);
    try {
      // A plain update unless a deployment's history moves with it.
      if (write.history.length) await this.db.send(new TransactWriteCommand({ TransactItems: [...write.history, write.service] }));
      else await this.db.send(new UpdateCommand(write.service.Update!));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async markDirty(cluster: string, name: string, at: number) {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.service(cluster, name),
          UpdateExpression: 'SET dirtyAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      )
      .catch((err) => {
        if (!isConditionFailure(err)) throw err;
      });
  }

  setTags(cluster: string, name: string, change: (current: Tag[]) => Tag[]) {
    return retryOnConflict(`TagResource ${name}`, this.retry, async () => {
      const current = await this.get(cluster, name);
      if (!current || current.record.status === 'INACTIVE') return false;
      return (await this.put({ ...current.record, tags: change(current.record.tags) }, current.version)) ? true : CONFLICT;
    });
  }
}
