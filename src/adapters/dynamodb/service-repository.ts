import type { Tag } from '@aws-sdk/client-ecs';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceRecord } from '../../domain/service.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { ServiceRepository } from '../../ports/service-repository.js';
import { isConditionFailure } from './errors.js';
import { keys } from './keys.js';
import { batchGetAll, queryAll } from './read-all.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { decodeServices, dirtyMarkUpdate, serviceCreate, serviceWrite } from './service-items.js';
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

  /** The service item and its dirty mark, which sort next to each other: one Query, the read units of a GetItem (≤ 4 KB together). */
  async get(cluster: string, name: string) {
    const range = keys.serviceItems(name);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':from': range.from, ':to': range.to },
        ConsistentRead: true,
      }),
    );
    return decodeServices(Items).find((s) => s.record.serviceName === name);
  }

  async getMany(cluster: string, names: readonly string[]) {
    const items = await batchGetAll(
      this.db,
      this.table,
      [...new Set(names)].flatMap((n) => [keys.service(cluster, n), keys.serviceDirty(cluster, n)]),
    );
    return new Map(decodeServices(items).map((s) => [s.record.serviceName, s]));
  }

  /** Every service item and dirty mark of the cluster come back in one Query (each mark sorts right after its service). */
  async listAll(cluster: string) {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': keys.servicePrefix() },
      ConsistentRead: true,
    });
    return decodeServices(items);
  }

  /**
   * A page of live service names. Dirty marks and INACTIVE services are read
   * and filtered out: Query again for what they took from the page, each time
   * with a Limit of what is still missing, so a page is full whenever more
   * services follow, and the last key read is where the next page starts.
   */
  async listNames(cluster: string, page: PageRequest): Promise<Page<string>> {
    const prefix = keys.servicePrefix().length;
    const names: string[] = [];
    let start = decodePageToken(page.nextToken);
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          // Dirty marks have no status: only services are listed.
          FilterExpression: 'attribute_exists(#status) AND #status <> :inactive',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': keys.clusterPartition(cluster), ':prefix': keys.servicePrefix(), ':inactive': 'INACTIVE' },
          ProjectionExpression: 'SK',
          Limit: page.limit - names.length,
          ExclusiveStartKey: start,
        }),
      );
      names.push(...(out.Items ?? []).map((i) => (i.SK as string).slice(prefix)));
      start = out.LastEvaluatedKey;
    } while (start && names.length < page.limit);
    return { items: names, nextToken: encodePageToken(start) };
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
    await this.db.send(new UpdateCommand(dirtyMarkUpdate(this.table, cluster, name, at)));
  }

  setTags(cluster: string, name: string, change: (current: Tag[]) => Tag[]) {
    return retryOnConflict(`TagResource ${name}`, this.retry, async () => {
      const current = await this.get(cluster, name);
      if (!current || current.record.status === 'INACTIVE') return false;
      return (await this.put({ ...current.record, tags: change(current.record.tags) }, current.version)) ? true : CONFLICT;
    });
  }
}
