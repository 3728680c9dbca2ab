/**
 * The twin's state in DynamoDB Local, in a table of its own, so that load
 * balancers, listeners, target groups and registered targets (with their
 * last health) survive an `npm start` restart. The twin is the table's only
 * writer and holds everything in memory: it writes through on each change
 * and reads the table once, at start. Every key of this table is built here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ListenerRecord, LoadBalancerRecord, TargetGroupRecord, TargetRecord } from './records.js';

/** One partition: the whole state loads with one (paged) Query. */
const PARTITION = 'ELBV2';

const keys = {
  loadBalancer: (arn: string) => ({ PK: PARTITION, SK: `LB#${arn}` }),
  targetGroup: (arn: string) => ({ PK: PARTITION, SK: `TG#${arn}` }),
  listener: (arn: string) => ({ PK: PARTITION, SK: `LISTENER#${arn}` }),
  target: (t: Pick<TargetRecord, 'targetGroupArn' | 'id' | 'port'>) => ({
    PK: PARTITION,
    SK: `TARGET#${t.targetGroupArn}#${t.id}#${t.port}`,
  }),
};

export const ELBV2_TABLE_SPEC = {
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
};

export interface StoredState {
  loadBalancers: LoadBalancerRecord[];
  targetGroups: TargetGroupRecord[];
  listeners: ListenerRecord[];
  targets: TargetRecord[];
}

export class Elbv2Store {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    endpoint: string,
    private readonly table: string,
    region: string,
  ) {
    this.db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
  }

  async load(): Promise<StoredState> {
    const state: StoredState = { loadBalancers: [], targetGroups: [], listeners: [], targets: [] };
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': PARTITION },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = item.SK as string;
        if (sk.startsWith('LB#')) state.loadBalancers.push(item.record);
        else if (sk.startsWith('TG#')) state.targetGroups.push(item.record);
        else if (sk.startsWith('LISTENER#')) state.listeners.push(item.record);
        else if (sk.startsWith('TARGET#')) state.targets.push(item.record);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return state;
  }

  putLoadBalancer = (r: LoadBalancerRecord) => this.put(keys.loadBalancer(r.arn), r);
  deleteLoadBalancer = (arn: string) => this.delete(keys.loadBalancer(arn));
  putTargetGroup = (r: TargetGroupRecord) => this.put(keys.targetGroup(r.arn), r);
  deleteTargetGroup = (arn: string) => this.delete(keys.targetGroup(arn));
  putListener = (r: ListenerRecord) => this.put(keys.listener(r.arn), r);
  deleteListener = (arn: string) => this.delete(keys.listener(arn));
  putTarget = (r: TargetRecord) => this.put(keys.target(r), r);
  deleteTarget = (r: Pick<TargetRecord, 'targetGroupArn' | 'id' | 'port'>) => this.delete(keys.target(r));

  destroy(): void {
    this.db.destroy();
  }

  private async put(key: { PK: string; SK: string }, record: object) {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...key, record } }));
  }

  private async delete(key: { PK: string; SK: string }) {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }
}
