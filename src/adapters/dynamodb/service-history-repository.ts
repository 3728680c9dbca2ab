import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { invalidParameter } from '../../domain/errors.js';
import { historyId } from '../../domain/service-deployment.js';
import type { HistoryKey, ServiceDeploymentQuery, ServiceHistoryRepository } from '../../ports/service-history-repository.js';
import { keys, type Key } from './keys.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { batchGetAll } from './read-all.js';
import { decodeServiceDeployment, decodeServiceRevision } from './service-history-items.js';

export class DynamoServiceHistoryRepository implements ServiceHistoryRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** One Query of the service's GSI1 range (createdAt bounds as key conditions), newest first. */
  async listDeployments(q: ServiceDeploymentQuery) {
    const partition = keys.serviceDeploymentListPartition(q.cluster, q.service);
    const start = decodePageToken(q.nextToken);
    // A token from another listing is the client's mistake, not a key DynamoDB should see.
    if (start && start.GSI1PK !== partition) throw invalidParameter('Invalid nextToken.');
    // Epoch ms within the 15 digits the sort key holds; an empty range asks DynamoDB nothing (BETWEEN refuses from > to).
    const fromMs = clampMs(Math.ceil((q.createdAfter ?? 0) * 1000));
    const toMs = q.createdBefore === undefined ? MAX_MS : clampMs(Math.floor(q.createdBefore * 1000));
    if (fromMs > toMs) return { items: [] };
    const from = keys.serviceDeploymentListFrom(fromMs);
    const to = keys.serviceDeploymentListTo(toMs);
    const statuses = q.statuses ?? [];
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ...(statuses.length
          ? {
              FilterExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
              ExpressionAttributeNames: { '#status': 'status' },
            }
          : {}),
        ExpressionAttributeValues: {
          ':pk': partition,
          ':from': from,
          ':to': to,
          ...Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s])),
        },
        ScanIndexForward: false,
        Limit: q.limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map(decodeServiceDeployment), nextToken: encodePageToken(out.LastEvaluatedKey) };
  }

  async getDeployments(refs: readonly HistoryKey[]) {
    return (await this.read(refs, keys.serviceDeployment)).map(decodeServiceDeployment);
  }

  async getRevisions(refs: readonly HistoryKey[]) {
    return (await this.read(refs, keys.serviceRevision)).map(decodeServiceRevision);
  }

  private read(refs: readonly HistoryKey[], key: (cluster: string, service: string, historyId: string) => Key) {
    return batchGetAll(
      this.db,
      this.table,
      refs.map((r) => key(r.cluster, r.service, historyId(r.deploymentId))),
    );
  }
}

const MAX_MS = 10 ** 15 - 1;
const clampMs = (ms: number) => Math.min(MAX_MS, Math.max(0, ms));
