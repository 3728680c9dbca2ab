/**
 * What the local CloudWatch does with an alarm's actions. It runs the two
 * kinds Berth's scaling needs and refuses the others at PutMetricAlarm:
 *
 * - a Lambda function ARN: invoked asynchronously through serverless-offline's
 *   Lambda API, with the event CloudWatch sends Lambda alarm actions
 *   (`source: aws.cloudwatch`, `alarmData` with state, previous state and
 *   configuration), once per state change;
 * - an Auto Scaling policy ARN (`arn:aws:autoscaling:…:scalingPolicy:…`):
 *   routed to the function that serves such policies locally (Berth's
 *   scale-service for Application Auto Scaling policies) with the same
 *   event, and — CloudWatch's exception for Auto Scaling actions — again
 *   every period while the alarm stays in that state.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { cwTime, type AlarmState } from './evaluate-alarm.js';
import type { AlarmRecord } from './store.js';

export interface AlarmStateSnapshot {
  value: AlarmState;
  reason: string;
  reasonData?: string;
  /** Epoch ms. */
  timestamp: number;
}

/** The payload of a Lambda alarm action (CloudWatch's documented shape). */
export function lambdaAlarmEvent(
  alarm: AlarmRecord,
  state: AlarmStateSnapshot,
  previous: AlarmStateSnapshot,
  region: string,
  accountId: string,
) {
  const dims = Object.fromEntries((alarm.Dimensions ?? []).map((d) => [d.Name, d.Value]));
  return {
    source: 'aws.cloudwatch',
    alarmArn: alarm.AlarmArn,
    accountId,
    time: cwTime(state.timestamp),
    region,
    alarmData: {
      alarmName: alarm.AlarmName,
      state: snapshot(state),
      previousState: snapshot(previous),
      configuration: {
        ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
        metrics: [
          {
            id: metricQueryId(alarm.AlarmArn),
            metricStat: {
              metric: { namespace: alarm.Namespace, name: alarm.MetricName, dimensions: dims },
              period: alarm.Period,
              stat: alarm.Statistic,
              ...(alarm.Unit ? { unit: alarm.Unit } : {}),
            },
            returnData: true,
          },
        ],
      },
    },
  };
}
export type LambdaAlarmEvent = ReturnType<typeof lambdaAlarmEvent>;

const snapshot = (s: AlarmStateSnapshot) => ({
  value: s.value,
  reason: s.reason,
  ...(s.reasonData ? { reasonData: s.reasonData } : {}),
  timestamp: cwTime(s.timestamp),
});

/** A stable id per alarm, in the uuid form CloudWatch uses for the metric query of a single-metric alarm. */
function metricQueryId(arn: string): string {
  let h = 0;
  for (const c of arn) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

/** How one kind of action ARN is run locally. */
export interface ActionRoute {
  /** For error messages: what this route runs. */
  name: string;
  matches(arn: string): boolean;
  /** CloudWatch repeats Auto Scaling actions every period the alarm stays in the state; other actions run once per change. */
  repeatsWhileInState: boolean;
  invoke(arn: string, event: LambdaAlarmEvent): Promise<void>;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;
export const AUTOSCALING_POLICY_ARN = /^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:scalingPolicy:[0-9a-f-]{36}:/;

/** Invokes functions as CloudWatch does: asynchronously (InvocationType Event), through serverless-offline's Lambda API. */
export function lambdaInvoker(lambdaEndpoint: string) {
  const lambda = new LambdaClient({
    endpoint: lambdaEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  return {
    invoke: async (functionName: string, event: unknown) => {
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }),
      );
      if (out.FunctionError) throw new Error(`${functionName} failed: ${out.FunctionError}`);
    },
    close: () => lambda.destroy(),
  };
}

export type Invoke = (functionName: string, event: unknown) => Promise<void>;

/** Lambda function ARNs → that function. */
export function lambdaRoute(invoke: Invoke): ActionRoute {
  return {
    name: 'Lambda function',
    matches: (arn) => LAMBDA_ARN.test(arn),
    repeatsWhileInState: false,
    invoke: (arn, event) => invoke(LAMBDA_ARN.exec(arn)![1], event),
  };
}

/** Auto Scaling policy ARNs matching `pattern` → the function that applies such policies locally. */
export function autoScalingRoute(name: string, pattern: RegExp, functionName: string, invoke: Invoke): ActionRoute {
  return {
    name,
    matches: (arn) => AUTOSCALING_POLICY_ARN.test(arn) && pattern.test(arn),
    repeatsWhileInState: true,
    invoke: (_arn, event) => invoke(functionName, event),
  };
}
