/**
 * Berth's local CloudWatch: the subset Berth and its users need (metrics,
 * alarms, history, alarm actions), state in its own DynamoDB Local table, on
 * the one local endpoint in both protocols its clients speak — AWS JSON 1.0
 * (@aws-sdk/client-cloudwatch) and the query protocol (the AWS CLI v2) —
 * through one set of operation handlers. Local only: never bundled into a
 * Lambda, never deployed.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HttpRequest, HttpResponse } from '../../../api/aws-json.js';
import cloudwatchModel from '../../../api/model/cloudwatch.json' with { type: 'json' };
import type { Shape } from '../../../api/model/model.js';
import type { BotocoreModel } from '../../../api/query/botocore-model.js';
import { handleQuery, type QueryOperation } from '../../../api/query/handle-query.js';
import { validateAgainst } from '../../../api/validate.js';
import type { LocalTwin } from '../local-twin.js';
import type { ActionRoute } from './alarm-actions.js';
import { cwErrors } from './errors.js';
import { AlarmEvaluator } from './evaluator.js';
import { handleJson10 } from './json-protocol.js';
import * as alarms from './ops-alarms.js';
import * as metrics from './ops-metrics.js';
import { CloudWatchStore } from './store.js';
import { AlarmTransitions } from './transitions.js';
import type { TwinContext } from './twin-context.js';

const model = cloudwatchModel as unknown as BotocoreModel;
const shapes = model.shapes as unknown as Record<string, Shape>;

const OPERATIONS: ReadonlyMap<string, QueryOperation<TwinContext>> = new Map<string, QueryOperation<TwinContext>>([
  ['PutMetricData', metrics.putMetricData],
  ['GetMetricData', metrics.getMetricData],
  ['GetMetricStatistics', metrics.getMetricStatistics],
  ['ListMetrics', metrics.listMetrics],
  ['PutMetricAlarm', alarms.putMetricAlarm],
  ['DescribeAlarms', alarms.describeAlarms],
  ['DescribeAlarmsForMetric', alarms.describeAlarmsForMetric],
  ['DescribeAlarmHistory', alarms.describeAlarmHistory],
  ['DeleteAlarms', alarms.deleteAlarms],
  ['SetAlarmState', alarms.setAlarmState],
  ['EnableAlarmActions', alarms.enableAlarmActions],
  ['DisableAlarmActions', alarms.disableAlarmActions],
  ['TagResource', alarms.tagResource],
  ['UntagResource', alarms.untagResource],
  ['ListTagsForResource', alarms.listTagsForResource],
]);

const validate = (shapeName: string, input: unknown) => validateAgainst(shapes, shapeName, input, cwErrors.validation);

export interface CloudWatchTwinOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  region: string;
  accountId: string;
  /** How alarm actions run (Lambda functions, Auto Scaling policies); PutMetricAlarm refuses actions no route runs. */
  routes: readonly ActionRoute[];
  /** The evaluator's tick: the shortest period alarms use (10 s for Berth's high-resolution alarms). */
  tickMs: number;
  now?: () => number;
  log: {
    info(m: string, d?: Record<string, unknown>): void;
    warn(m: string, d: Record<string, unknown>): void;
    error(m: string, d: Record<string, unknown>): void;
  };
}

export class CloudWatchTwin implements LocalTwin {
  readonly name = 'cloudwatch';
  readonly jsonTargetPrefixes = [model.metadata.targetPrefix!];
  readonly queryVersions = [model.metadata.apiVersion];
  readonly evaluator: AlarmEvaluator;
  /** Requests served, per operation (bench:autoscale counts PutMetricData with it). */
  readonly calls = new Map<string, number>();
  private readonly ctx: TwinContext;

  constructor(private readonly opts: CloudWatchTwinOptions) {
    const now = opts.now ?? Date.now;
    const store = new CloudWatchStore(opts.db, opts.tableName);
    const transitions = new AlarmTransitions(store, opts.routes, { region: opts.region, accountId: opts.accountId, now, log: opts.log });
    this.ctx = { store, now, region: opts.region, accountId: opts.accountId, routes: opts.routes, transitions };
    this.evaluator = new AlarmEvaluator(store, transitions, { now, tickMs: opts.tickMs, log: opts.log });
  }

  start(): this {
    this.evaluator.start();
    return this;
  }

  handle(req: HttpRequest): Promise<HttpResponse> {
    const ct = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (/^application\/x-www-form-urlencoded/i.test(ct)) {
      const action = new URLSearchParams(req.body ?? '').get('Action');
      if (action) this.count(action);
      return handleQuery(req, { model, operations: OPERATIONS, validate, malformedCode: 'InvalidParameterValue' }, this.ctx, this.opts.log);
    }
    const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
    if (target) this.count(target.split('.').pop()!);
    return handleJson10(req, { model, operations: OPERATIONS, validate }, this.ctx, this.opts.log);
  }

  private count(op: string) {
    if (OPERATIONS.has(op)) this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
  }

  async stop(): Promise<void> {
    await this.evaluator.stop();
  }
}
