import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { EcsError } from '../../domain/errors.js';
import type {
  ScalableTargetRecord,
  ScalingActivityRecord,
  ScalingPolicyRecord,
  ScheduledActionRecord,
} from '../../domain/scaling/records.js';
import type { Page } from '../../ports/page.js';
import type { ListQuery, ScalableRef, ScalingCommit, ScalingRepository, VersionedTarget } from '../../ports/scaling-repository.js';
import { isConditionFailure } from './errors.js';
import { keys, TTL_ATTRIBUTE, type Key } from './keys.js';
import { queryAll } from './read-all.js';
import { serviceWrite } from './service-items.js';

/** Activities are kept six weeks, as Application Auto Scaling keeps them. */
const ACTIVITY_TTL_S = 42 * 86_400;
/** DynamoDB's cap on items per transaction. */
const TRANSACTION_ITEMS = 100;

const refOf = (r: { serviceNamespace: string; scalableDimension: string; resourceId: string }): ScalableRef => ({
  namespace: r.serviceNamespace,
  dimension: r.scalableDimension,
  resourceId: r.resourceId,
});
const targetKey = (r: ScalableRef) => keys.scalableTarget(r.namespace, r.dimension, r.resourceId);

const targetItem = (t: ScalableTargetRecord, version: number) => ({
  ...targetKey(refOf(t)),
  ...keys.scalableTargetList(t.serviceNamespace, t.scalableDimension, t.resourceId),
  type: 'scalable-target',
  version,
  target: t,
});

const scheduledItem = (a: ScheduledActionRecord) => {
  const r = refOf(a);
  return {
    ...keys.scheduledAction(r.namespace, r.dimension, r.resourceId, a.scheduledActionName),
    ...keys.scheduledActionList(r.namespace, r.dimension, r.resourceId, a.scheduledActionName),
    ...(a.nextRunAt === undefined
      ? {}
      : keys.scheduledActionDue(a.nextRunAt, r.namespace, r.dimension, r.resourceId, a.scheduledActionName)),
    type: 'scheduled-action',
    action: a,
  };
};

const activityItem = (a: ScalingActivityRecord) => {
  const r = refOf(a);
  const startMs = Math.round(a.startTime * 1000);
  return {
    ...keys.scalingActivity(r.namespace, r.dimension, r.resourceId, startMs, a.activityId),
    ...keys.scalingActivityList(r.namespace, startMs, a.activityId),
    type: 'scaling-activity',
    notScaled: a.notScaledReasons !== undefined,
    dimension: a.scalableDimension,
    activity: a,
    [TTL_ATTRIBUTE]: Math.floor(a.startTime) + ACTIVITY_TTL_S,
  };
};

const invalidToken = () => new EcsError('InvalidNextTokenException', 'The NextToken is not valid.');
const encodeToken = (v: unknown) => (v === undefined ? undefined : Buffer.from(JSON.stringify(v)).toString('base64url'));
function decodeToken<T>(token: string | undefined): T | undefined {
  if (token === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw invalidToken();
  }
}

/** One page of an in-memory list (policies and scheduled actions are few per account). */
function pageOf<T>(items: T[], q: { limit: number; nextToken?: string }): Page<T> {
  const from = decodeToken<number>(q.nextToken) ?? 0;
  if (!Number.isInteger(from) || from < 0) throw invalidToken();
  return { items: items.slice(from, from + q.limit), nextToken: from + q.limit < items.length ? encodeToken(from + q.limit) : undefined };
}

export class DynamoScalingRepository implements ScalingRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getTarget(ref: ScalableRef): Promise<VersionedTarget | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: targetKey(ref), ConsistentRead: true }));
    return Item ? { record: Item.target as ScalableTargetRecord, version: Item.version as number } : undefined;
  }

  async putTarget(record: ScalableTargetRecord, expectedVersion: number | undefined): Promise<boolean> {
    return this.conditional(
      new PutCommand({
        TableName: this.table,
        Item: targetItem(record, (expectedVersion ?? 0) + 1),
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
  }

  async listTargets(q: ListQuery & { resourceIds?: readonly string[] }): Promise<Page<ScalableTargetRecord>> {
    let items: { target: ScalableTargetRecord }[];
    if (q.resourceIds?.length) {
      const wanted = [...new Set(q.resourceIds)].map((resourceId) =>
        targetKey({ namespace: q.namespace, dimension: q.dimension!, resourceId }),
      );
      items = [];
      for (let i = 0; i < wanted.length; i += 100) {
        const out = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: wanted.slice(i, i + 100), ConsistentRead: true } } }),
        );
        items.push(...((out.Responses?.[this.table] ?? []) as { target: ScalableTargetRecord }[]));
      }
    } else {
      items = await queryAll(this.db, {
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.scalableTargetListPartition(q.namespace) },
      });
    }
    const targets = items
      .map((i) => i.target)
      .filter((t) => (!q.dimension || t.scalableDimension === q.dimension) && (!q.resourceId || t.resourceId === q.resourceId))
      .sort((a, b) => a.resourceId.localeCompare(b.resourceId));
    return pageOf(targets, q);
  }

  async deleteTarget(ref: ScalableRef, expectedVersion: number): Promise<boolean> {
    const partition = keys.scalingPartition(ref.namespace, ref.dimension, ref.resourceId);
    const children = (
      await Promise.all(
        [keys.scalingPolicyPrefix(), keys.scheduledActionPrefix()].map((prefix) =>
          queryAll<{ PK: string; SK: string; policy?: ScalingPolicyRecord }>(this.db, {
            TableName: this.table,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': partition, ':p': prefix },
          }),
        ),
      )
    ).flat();
    const deletes: Key[] = [
      ...children.map((c) => ({ PK: c.PK, SK: c.SK })),
      ...children.flatMap((c) => (c.policy?.alarms ?? []).map((a) => keys.alarmPolicy(a.AlarmName))),
    ];
    const first = [
      {
        Delete: {
          TableName: this.table,
          Key: targetKey(ref),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      },
      ...deletes.slice(0, TRANSACTION_ITEMS - 1).map((Key) => ({ Delete: { TableName: this.table, Key } })),
    ];
    if (!(await this.conditional(new TransactWriteCommand({ TransactItems: first })))) return false;
    // Leftovers of a target with very many children; the target itself is already gone.
    for (let i = TRANSACTION_ITEMS - 1; i < deletes.length; i++)
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: deletes[i] }));
    return true;
  }

  async getPolicy(ref: ScalableRef, name: string): Promise<ScalingPolicyRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.scalingPolicy(ref.namespace, ref.dimension, ref.resourceId, name),
        ConsistentRead: true,
      }),
    );
    return Item?.policy as ScalingPolicyRecord | undefined;
  }

  async putPolicy(policy: ScalingPolicyRecord, target: VersionedTarget, previous: ScalingPolicyRecord | undefined): Promise<boolean> {
    const r = refOf(policy);
    const link = (alarmName: string) => ({
      ...keys.alarmPolicy(alarmName),
      type: 'alarm-policy',
      ref: { ...r, policyName: policy.policyName },
    });
    const names = new Set(policy.alarms.map((a) => a.AlarmName));
    return this.conditional(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: this.table,
              Key: targetKey(r),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': target.version },
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.scalingPolicy(r.namespace, r.dimension, r.resourceId, policy.policyName),
                ...keys.scalingPolicyList(r.namespace, r.dimension, r.resourceId, policy.policyName),
                type: 'scaling-policy',
                policy,
              },
              // Two creators of one policy name: one wins, the other conflicts and re-reads.
              ConditionExpression: previous ? '#policy.creationTime = :created' : 'attribute_not_exists(PK)',
              ...(previous
                ? { ExpressionAttributeNames: { '#policy': 'policy' }, ExpressionAttributeValues: { ':created': previous.creationTime } }
                : {}),
            },
          },
          ...policy.alarms.map((a) => ({ Put: { TableName: this.table, Item: link(a.AlarmName) } })),
          ...(previous?.alarms ?? [])
            .filter((a) => !names.has(a.AlarmName))
            .map((a) => ({ Delete: { TableName: this.table, Key: keys.alarmPolicy(a.AlarmName) } })),
        ],
      }),
    );
  }

  async deletePolicy(policy: ScalingPolicyRecord): Promise<void> {
    const r = refOf(policy);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.table, Key: keys.scalingPolicy(r.namespace, r.dimension, r.resourceId, policy.policyName) } },
          ...policy.alarms.map((a) => ({ Delete: { TableName: this.table, Key: keys.alarmPolicy(a.AlarmName) } })),
        ],
      }),
    );
  }

  listPolicies(q: ListQuery & { names?: readonly string[] }): Promise<Page<ScalingPolicyRecord>> {
    return this.listChildren<ScalingPolicyRecord>(
      q,
      keys.scalingPolicyPrefix(),
      keys.scalingPolicyListPartition(q.namespace),
      'policy',
      (p) => p.policyName,
    );
  }

  async policyOfAlarm(alarmName: string): Promise<ScalingPolicyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.alarmPolicy(alarmName), ConsistentRead: true }));
    if (!Item) return undefined;
    const ref = Item.ref as ScalableRef & { policyName: string };
    const policy = await this.getPolicy(ref, ref.policyName);
    // The link outlives nothing: a policy updated since no longer owning the alarm does not answer for it.
    return policy?.alarms.some((a) => a.AlarmName === alarmName) ? policy : undefined;
  }

  async getScheduledAction(ref: ScalableRef, name: string): Promise<ScheduledActionRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.scheduledAction(ref.namespace, ref.dimension, ref.resourceId, name),
        ConsistentRead: true,
      }),
    );
    return Item?.action as ScheduledActionRecord | undefined;
  }

  async putScheduledAction(action: ScheduledActionRecord, target: VersionedTarget): Promise<boolean> {
    return this.conditional(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: this.table,
              Key: targetKey(refOf(action)),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': target.version },
            },
          },
          { Put: { TableName: this.table, Item: scheduledItem(action) } },
        ],
      }),
    );
  }

  async deleteScheduledAction(action: ScheduledActionRecord): Promise<void> {
    const r = refOf(action);
    await this.db.send(
      new DeleteCommand({
        TableName: this.table,
        Key: keys.scheduledAction(r.namespace, r.dimension, r.resourceId, action.scheduledActionName),
      }),
    );
  }

  listScheduledActions(q: ListQuery & { names?: readonly string[] }): Promise<Page<ScheduledActionRecord>> {
    return this.listChildren<ScheduledActionRecord>(
      q,
      keys.scheduledActionPrefix(),
      keys.scheduledActionListPartition(q.namespace),
      'action',
      (a) => a.scheduledActionName,
    );
  }

  async dueScheduledActions(now: number, limit: number): Promise<ScheduledActionRecord[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :until',
        ExpressionAttributeValues: { ':pk': keys.scheduledActionDuePartition(), ':until': keys.scheduledActionDueUntil(now) },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => i.action as ScheduledActionRecord);
  }

  async listActivities(q: ListQuery & { includeNotScaled: boolean }): Promise<Page<ScalingActivityRecord>> {
    const filters = [...(q.includeNotScaled ? [] : ['notScaled = :false']), ...(q.dimension && !q.resourceId ? ['dimension = :dim'] : [])];
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        ...(q.resourceId && q.dimension
          ? {
              KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
              ExpressionAttributeValues: {
                ':pk': keys.scalingPartition(q.namespace, q.dimension, q.resourceId),
                ':p': keys.scalingActivityPrefix(),
                ...(q.includeNotScaled ? {} : { ':false': false }),
              },
            }
          : {
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk',
              ExpressionAttributeValues: {
                ':pk': keys.scalingActivityListPartition(q.namespace),
                ...(q.includeNotScaled ? {} : { ':false': false }),
                ...(q.dimension ? { ':dim': q.dimension } : {}),
              },
            }),
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ScanIndexForward: false,
        Limit: q.limit,
        ExclusiveStartKey: decodeToken(q.nextToken),
      }),
    );
    return { items: (out.Items ?? []).map((i) => i.activity as ScalingActivityRecord), nextToken: encodeToken(out.LastEvaluatedKey) };
  }

  async commit(c: ScalingCommit): Promise<boolean> {
    const { target } = c;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: this.table,
          Item: targetItem(target.record, target.version + 1),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': target.version },
        },
      },
    ];
    if (c.activity) items.push({ Put: { TableName: this.table, Item: activityItem(c.activity) } });
    if (c.service) {
      const write = serviceWrite(this.table, c.service.record, c.service.version);
      items.push(...write.history, write.service);
    }
    if (c.scheduled) {
      items.push({
        Put: {
          TableName: this.table,
          Item: scheduledItem(c.scheduled.action),
          ConditionExpression: '#action.nextRunAt = :expected',
          ExpressionAttributeNames: { '#action': 'action' },
          ExpressionAttributeValues: { ':expected': c.scheduled.expectedNextRunAt },
        },
      });
    }
    return this.conditional(new TransactWriteCommand({ TransactItems: items }));
  }

  /**
   * Policies or scheduled actions: of one target (its partition, by SK prefix)
   * or of a namespace (GSI1), filtered by name, one page in memory (a target
   * has at most 50 policies and 200 scheduled actions).
   */
  private async listChildren<T extends { resourceId: string; scalableDimension: string }>(
    q: ListQuery & { names?: readonly string[] },
    prefix: string,
    listPartition: string,
    attribute: 'policy' | 'action',
    nameOf: (item: T) => string,
  ): Promise<Page<T>> {
    const items = await queryAll<Record<string, T>>(
      this.db,
      q.resourceId && q.dimension
        ? {
            TableName: this.table,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': keys.scalingPartition(q.namespace, q.dimension, q.resourceId), ':p': prefix },
          }
        : {
            TableName: this.table,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': listPartition },
          },
    );
    const names = q.names?.length ? new Set(q.names) : undefined;
    const found = items
      .map((i) => i[attribute])
      .filter(
        (x) =>
          (!names || names.has(nameOf(x))) &&
          (!q.resourceId || x.resourceId === q.resourceId) &&
          (!q.dimension || x.scalableDimension === q.dimension),
      );
    return pageOf(found, q);
  }

  private async conditional(command: PutCommand | TransactWriteCommand): Promise<boolean> {
    try {
      await this.db.send(command as PutCommand);
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
