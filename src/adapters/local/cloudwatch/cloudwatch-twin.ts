/**
 * Berth's local CloudWatch: the subset Berth and its users need (metrics,
 * alarms, history, alarm actions), state in its own DynamoDB Local table, on
 * the one local endpoint in both protocols its clients speak — AWS JSON 1.0
 * (@aws-sdk/client-cloudwatch) and the query protocol (the AWS CLI v2) —
 * through one set of operation handlers. Local only: never bundled into a
 * Lambda, never deployed.
 */
import { gunzipSync } from 'node:zlib';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsJsonApi, awsJsonService, type AwsJsonApi, type ServiceErrorCodes } from '../../../api/aws-json.js';
import { header, type HttpRequest, type HttpResponse } from '../../../api/http.js';
import { AWS_JSON_LIMITS } from '../../../api/limits.js';
import type { RawModel } from '../../../api/model/botocore.js';
import cloudwatchModel from '../../../api/model/cloudwatch.json' with { type: 'json' };
import { compileModel } from '../../../api/model/compile.js';
import { handleQuery, MAX_QUERY_BODY_BYTES, type QueryOperation, type QueryService } from '../../../api/query/handle-query.js';
import type { RequestAuth } from '../../../auth/request-auth.js';
import type { LocalTwin } from '../local-twin.js';
import type { ActionRoute } from './alarm-actions.js';
import { AlarmEvaluator } from './evaluator.js';
import * as alarms from './ops-alarms.js';
import * as metrics from './ops-metrics.js';
import { CloudWatchStore } from './store.js';
import { AlarmTransitions } from './transitions.js';
import type { TwinContext } from './twin-context.js';

const model = cloudwatchModel as unknown as RawModel;
const compiled = compileModel(model);

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

/**
 * CloudWatch's names for what the protocol layer refuses: a value of the
 * wrong type (NaN, a string for a number) is InvalidParameterValue, a broken
 * model constraint (an enum, a length) ValidationError, as CloudWatch answers.
 */
const REFUSALS = {
  serialization: 'InvalidParameterValue',
  validation: 'ValidationError',
  quota: 'InvalidParameterValue',
  'too-large': 'RequestEntityTooLarge',
} as const;

/** Query code → exception shape (the shape named like the code when several share it), for the JSON protocol's __type. */
function codeShapes(): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, shape] of Object.entries(model.shapes)) {
    const c = shape.error?.code;
    if (shape.exception && c && (!map.has(c) || name === c)) map.set(c, name);
  }
  return map;
}

/**
 * A gzip body (the SDK and the CLI compress PutMetricData past 10 KB, as
 * CloudWatch accepts) inflated, up to the query cap, with its bytes as sent
 * kept for the signature; one that does not inflate is passed on as is, for
 * the protocol layer to refuse as malformed.
 */
function inflated(req: HttpRequest): HttpRequest {
  if (!/^gzip$/i.test(header(req.headers, 'content-encoding')?.trim() ?? '') || !req.body) return req;
  const raw = req.isBase64Encoded ? Buffer.from(req.body, 'base64') : Buffer.from(req.body, 'utf8');
  try {
    const text = gunzipSync(raw, { maxOutputLength: MAX_QUERY_BODY_BYTES }).toString('utf8');
    return { ...req, body: text, isBase64Encoded: false, signedBody: raw };
  } catch {
    return req;
  }
}

const JSON_ERRORS: ServiceErrorCodes = {
  refusals: { ...REFUSALS, 'unknown-operation': 'UnknownOperationException' },
  server: { code: 'InternalServiceError', message: 'An internal error occurred.' },
  queryCompatible: codeShapes(),
};

export interface CloudWatchTwinOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  region: string;
  accountId: string;
  /** How alarm actions run (Lambda functions, Auto Scaling policies); PutMetricAlarm refuses actions no route runs. */
  routes: readonly ActionRoute[];
  /** The evaluator's tick: the shortest period alarms use (10 s for Berth's high-resolution alarms). */
  tickMs: number;
  /** SigV4 and authorization (signing name `monitoring`, IAM prefix `cloudwatch`), as the functions verify; none in unit tests. */
  auth?: RequestAuth;
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
  /** The query protocol (what the AWS CLI sends), on the shared codec. */
  private readonly query: QueryService<TwinContext>;
  /** AWS JSON 1.0 (what @aws-sdk/client-cloudwatch sends): the same dispatcher as Berth's own APIs. */
  private readonly json: AwsJsonApi;

  constructor(private readonly opts: CloudWatchTwinOptions) {
    const now = opts.now ?? Date.now;
    const store = new CloudWatchStore(opts.db, opts.tableName);
    const transitions = new AlarmTransitions(store, opts.routes, { region: opts.region, accountId: opts.accountId, now, log: opts.log });
    this.ctx = { store, now, region: opts.region, accountId: opts.accountId, routes: opts.routes, transitions };
    this.evaluator = new AlarmEvaluator(store, transitions, { now, tickMs: opts.tickMs, log: opts.log });
    const service = awsJsonService<TwinContext>({
      name: 'CloudWatch',
      model: compiled,
      operations: OPERATIONS,
      limits: AWS_JSON_LIMITS,
      errors: JSON_ERRORS,
    });
    this.query = { model, compiled, operations: OPERATIONS, refusals: REFUSALS, auth: opts.auth };
    this.json = awsJsonApi([{ ...service, auth: opts.auth }], this.ctx, opts.log);
  }

  start(): this {
    this.evaluator.start();
    return this;
  }

  handle(encoded: HttpRequest): Promise<HttpResponse> {
    const req = inflated(encoded);
    if (/^application\/x-www-form-urlencoded/i.test(header(req.headers, 'content-type') ?? '')) {
      const action = new URLSearchParams(req.body ?? '').get('Action');
      if (action) this.count(action);
      return handleQuery(req, this.query, this.ctx, this.opts.log);
    }
    const target = header(req.headers, 'x-amz-target');
    if (target) this.count(target.split('.').pop()!);
    return this.json.handle(req);
  }

  private count(op: string) {
    if (OPERATIONS.has(op)) this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
  }

  async stop(): Promise<void> {
    await this.evaluator.stop();
  }
}
