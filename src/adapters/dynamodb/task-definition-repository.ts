import type { Tag } from '@aws-sdk/client-ecs';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaskDefinitionRecord, TaskDefinitionStatus } from '../../domain/task-definition.js';
import type { Page } from '../../ports/page.js';
import type { TaskDefinitionRepository } from '../../ports/task-definition-repository.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { modifyItem } from './versioned.js';
import { CONFLICT, conflictRetry, retryOnConflict, type ConflictRetry } from '../../ports/retry-on-conflict.js';

interface FamilyItem extends Record<string, unknown> {
  family: string;
  latestRevision: number;
  activeCount: number;
  version: number;
}
interface RevisionItem extends Record<string, unknown> {
  taskDefinition: TaskDefinitionRecord;
  version: number;
}

export class DynamoTaskDefinitionRepository implements TaskDefinitionRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retry: ConflictRetry = conflictRetry,
  ) {}

  /**
   * Optimistic: read the family's latest revision n, then in ONE transaction
   * move the family counter n → n+1 (conditional on it still being n) and
   * create revision n+1. Losers of a race re-read and retry, so revisions are
   * consecutive with no gaps even if a writer dies midway.
   */
  register(family: string, build: (revision: number) => TaskDefinitionRecord) {
    return retryOnConflict(`RegisterTaskDefinition ${family}`, this.retry, async () => {
      const current = await this.family(family);
      const revision = (current?.latestRevision ?? 0) + 1;
      const record = build(revision);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: keys.family(family),
                  UpdateExpression:
                    'SET latestRevision = :rev, activeCount = if_not_exists(activeCount, :zero) + :one, GSI1PK = :gpk, GSI1SK = :gsk, #f = :family, version = if_not_exists(version, :zero) + :one',
                  ConditionExpression: current ? 'latestRevision = :prev' : 'attribute_not_exists(PK)',
                  ExpressionAttributeNames: { '#f': 'family' },
                  ExpressionAttributeValues: {
                    ':rev': revision,
                    ':zero': 0,
                    ':one': 1,
                    ':family': family,
                    ':gpk': keys.familyListPartition(),
                    ':gsk': keys.familyList(family).GSI1SK,
                    ...(current ? { ':prev': current.latestRevision } : {}),
                  },
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    ...keys.taskDefinition(family, revision),
                    ...keys.taskDefinitionList('ACTIVE', family, revision),
                    type: 'taskDefinition',
                    taskDefinition: record,
                    version: 1,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ],
          }),
        );
        return record;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return CONFLICT;
      }
    });
  }

  private async family(family: string) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.family(family), ConsistentRead: true }));
    return Item as FamilyItem | undefined;
  }

  async get(family: string, revision: number) {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.taskDefinition(family, revision) }));
    return (Item as RevisionItem | undefined)?.taskDefinition;
  }

  async latestActive(family: string) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rev)',
          FilterExpression: '#t.#s = :active',
          ExpressionAttributeNames: { '#t': 'taskDefinition', '#s': 'status' },
          ExpressionAttributeValues: { ':pk': keys.family(family).PK, ':rev': keys.taskDefinitionRevisionPrefix(), ':active': 'ACTIVE' },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      if (out.Items?.length) return (out.Items[0] as RevisionItem).taskDefinition;
      start = out.LastEvaluatedKey;
    } while (start);
    return undefined;
  }

  async list(query: { status: TaskDefinitionStatus; family?: string; descending: boolean; limit: number; nextToken?: string }) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: `GSI1PK = :pk${query.family ? ' AND begins_with(GSI1SK, :family)' : ''}`,
        ExpressionAttributeValues: {
          ':pk': keys.taskDefinitionListPartition(query.status),
          ...(query.family ? { ':family': keys.taskDefinitionListFamilyPrefix(query.family) } : {}),
        },
        ProjectionExpression: 'PK, SK, GSI1PK, GSI1SK',
        ScanIndexForward: !query.descending,
        Limit: query.limit,
        ExclusiveStartKey: decodePageToken(query.nextToken),
      }),
    );
    const items = (out.Items ?? []).map((i) => {
      const sk = i.GSI1SK as string;
      const hash = sk.lastIndexOf('#');
      return { family: sk.slice(0, hash), revision: Number(sk.slice(hash + 1)) };
    });
    return { items, nextToken: encodePageToken(out.LastEvaluatedKey) };
  }

  async listFamilies(query: {
    prefix?: string;
    status: 'ACTIVE' | 'INACTIVE' | 'ALL';
    limit: number;
    nextToken?: string;
  }): Promise<Page<string>> {
    const filter = query.status === 'ACTIVE' ? 'activeCount > :zero' : query.status === 'INACTIVE' ? 'activeCount = :zero' : undefined;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: `GSI1PK = :pk${query.prefix ? ' AND begins_with(GSI1SK, :prefix)' : ''}`,
        FilterExpression: filter,
        ExpressionAttributeValues: {
          ':pk': keys.familyListPartition(),
          ...(query.prefix ? { ':prefix': query.prefix } : {}),
          ...(filter ? { ':zero': 0 } : {}),
        },
        ProjectionExpression: 'PK, SK, GSI1PK, GSI1SK',
        Limit: query.limit,
        ExclusiveStartKey: decodePageToken(query.nextToken),
      }),
    );
    return { items: (out.Items ?? []).map((i) => i.GSI1SK as string), nextToken: encodePageToken(out.LastEvaluatedKey) };
  }

  deregister(family: string, revision: number, at: number) {
    return retryOnConflict(`DeregisterTaskDefinition ${family}:${revision}`, this.retry, async () => {
      const item = await this.revisionItem(family, revision);
      if (!item || item.taskDefinition.status !== 'ACTIVE') return item?.taskDefinition;
      const next: TaskDefinitionRecord = { ...item.taskDefinition, status: 'INACTIVE', deregisteredAt: at / 1000 } as TaskDefinitionRecord;
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    ...item,
                    ...keys.taskDefinitionList('INACTIVE', family, revision),
                    taskDefinition: next,
                    version: item.version + 1,
                  },
                  ConditionExpression: 'version = :v',
                  ExpressionAttributeValues: { ':v': item.version },
                },
              },
              {
                Update: {
                  TableName: this.table,
                  Key: keys.family(family),
                  UpdateExpression: 'SET activeCount = activeCount - :one, version = version + :one',
                  ExpressionAttributeValues: { ':one': 1 },
                },
              },
            ],
          }),
        );
        return next;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return CONFLICT;
      }
    });
  }

  async markDeleted(family: string, revision: number, expiresAt: number) {
    let result: TaskDefinitionRecord | undefined;
    await modifyItem<RevisionItem>(
      this.db,
      this.table,
      keys.taskDefinition(family, revision),
      (item) => {
        result = item.taskDefinition;
        if (item.taskDefinition.status !== 'INACTIVE') return undefined;
        result = { ...item.taskDefinition, status: 'DELETE_IN_PROGRESS' };
        // Out of every list at once; DynamoDB TTL removes the item later.
        const { GSI1PK: _pk, GSI1SK: _sk, ...rest } = item;
        return { ...rest, taskDefinition: result, [TTL_ATTRIBUTE]: expiresAt } as RevisionItem;
      },
      this.retry,
    );
    return result;
  }

  async setTags(family: string, revision: number, change: (current: Tag[]) => Tag[]) {
    const item = await modifyItem<RevisionItem>(
      this.db,
      this.table,
      keys.taskDefinition(family, revision),
      (current) =>
        current.taskDefinition.status === 'DELETE_IN_PROGRESS'
          ? undefined
          : { ...current, taskDefinition: { ...current.taskDefinition, tags: change(current.taskDefinition.tags) } },
      this.retry,
    );
    return item !== undefined;
  }

  private async revisionItem(family: string, revision: number) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.taskDefinition(family, revision), ConsistentRead: true }),
    );
    return Item as RevisionItem | undefined;
  }
}
