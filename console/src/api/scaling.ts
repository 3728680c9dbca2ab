/**
 * A service's autoscaling (Application Auto Scaling) and metrics (CloudWatch),
 * each reported as unavailable — rather than failed — when the endpoint does
 * not serve that API.
 */
import type * as Aas from '@aws-sdk/client-application-auto-scaling';
import type * as Cw from '@aws-sdk/client-cloudwatch';
import type { Wire } from '../../../src/domain/wire.js';
import { isUnavailable } from '../model/api-error.js';
import { utilizationQueries, type UtilizationSeries, utilizationSeries } from '../model/metrics.js';
import { APPLICATION_AUTOSCALING, call, CLOUDWATCH } from './client.js';

export type ScalableTarget = Wire<Aas.ScalableTarget>;
export type ScalingPolicy = Wire<Aas.ScalingPolicy>;
export type ScalingActivity = Wire<Aas.ScalingActivity>;
export type MetricAlarm = Wire<Cw.MetricAlarm>;
export type MetricDataResult = Wire<Cw.MetricDataResult>;

/** What a section shows: its data, or why the endpoint cannot give it. */
export type Availability<T> = { available: true; value: T } | { available: false; reason: string };

async function whenAvailable<T>(what: string, load: () => Promise<T>): Promise<Availability<T>> {
  try {
    return { available: true, value: await load() };
  } catch (err) {
    if (isUnavailable(err)) return { available: false, reason: `${what} is not available on this endpoint (${(err as Error).message})` };
    throw err;
  }
}

export interface ServiceScaling {
  target?: ScalableTarget;
  policies: ScalingPolicy[];
  activities: ScalingActivity[];
  alarms: MetricAlarm[];
}

const aas = <T>(operation: string, input: object) => call<T>(APPLICATION_AUTOSCALING, operation, input);
const cloudwatch = <T>(operation: string, input: object) => call<T>(CLOUDWATCH, operation, input);

export const serviceResourceId = (cluster: string, service: string) => `service/${cluster}/${service}`;

export function loadServiceScaling(cluster: string, service: string): Promise<Availability<ServiceScaling>> {
  return whenAvailable('Autoscaling (Application Auto Scaling)', async () => {
    const scope = {
      ServiceNamespace: 'ecs',
      ResourceId: serviceResourceId(cluster, service),
      ScalableDimension: 'ecs:service:DesiredCount',
    };
    const { ScalableTargets } = await aas<{ ScalableTargets?: ScalableTarget[] }>('DescribeScalableTargets', {
      ServiceNamespace: 'ecs',
      ResourceIds: [scope.ResourceId],
      ScalableDimension: scope.ScalableDimension,
    });
    const target = ScalableTargets?.[0];
    if (!target) return { policies: [], activities: [], alarms: [] };
    const [{ ScalingPolicies }, { ScalingActivities }] = await Promise.all([
      aas<{ ScalingPolicies?: ScalingPolicy[] }>('DescribeScalingPolicies', scope),
      aas<{ ScalingActivities?: ScalingActivity[] }>('DescribeScalingActivities', { ...scope, MaxResults: 20 }),
    ]);
    const alarmNames = (ScalingPolicies ?? []).flatMap((p) => (p.Alarms ?? []).map((a) => a.AlarmName!));
    const alarms = alarmNames.length ? await loadAlarms(alarmNames) : [];
    return { target, policies: ScalingPolicies ?? [], activities: ScalingActivities ?? [], alarms };
  });
}

/** The policies' alarms; an endpoint without CloudWatch leaves them out rather than hiding the policies. */
async function loadAlarms(names: string[]): Promise<MetricAlarm[]> {
  const out: MetricAlarm[] = [];
  for (let i = 0; i < names.length; i += 100) {
    try {
      const { MetricAlarms } = await cloudwatch<{ MetricAlarms?: MetricAlarm[] }>('DescribeAlarms', {
        AlarmNames: names.slice(i, i + 100),
      });
      out.push(...(MetricAlarms ?? []));
    } catch (err) {
      if (!isUnavailable(err)) throw err;
    }
  }
  return out;
}

/** CPU and memory utilization of a service over the last hour (Berth/ECS, per minute). */
export function loadServiceUtilization(cluster: string, service: string, now = Date.now()): Promise<Availability<UtilizationSeries>> {
  return whenAvailable('Metrics (CloudWatch)', async () => {
    const request = utilizationQueries(cluster, service, now);
    const results: MetricDataResult[] = [];
    let NextToken: string | undefined;
    do {
      const page = await cloudwatch<{ MetricDataResults?: MetricDataResult[]; NextToken?: string }>('GetMetricData', {
        ...request,
        ...(NextToken ? { NextToken } : {}),
      });
      results.push(...(page.MetricDataResults ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return utilizationSeries(results, request.StartTime, request.EndTime);
  });
}
