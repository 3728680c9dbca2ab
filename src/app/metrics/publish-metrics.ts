/**
 * Publishes a cluster's ECS metrics to CloudWatch (functions/publish-metrics,
 * every minute on AWS, every metric period locally): for each period closed
 * since the last publication (claimed first, so each period is published
 * once however often the schedule fires), the services' CPU and memory
 * utilization from the usage items, and for the newest period the task
 * counts and the cluster's reservation and utilization, and each capacity
 * provider's CapacityProviderReservation (src/app/capacity/capacity-pass.ts)
 * — all in one PutMetricData call, as statistic sets.
 */
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE } from '../../domain/metrics/ecs-metrics.js';
import { metricData } from '../../domain/metrics/usage.js';
import { capacityPass } from '../capacity/capacity-pass.js';
import type { AppContext } from '../context.js';

/** Periods caught up at most after a gap (a missed schedule, a restart). */
const MAX_CATCH_UP = 5;

export interface PublishSummary {
  cluster: string;
  /** Periods published (epoch s of their start). */
  periods: number[];
  data: number;
  /** Why the capacity providers' metrics are missing this period (Auto Scaling did not answer). */
  capacityError?: string;
}

export async function publishClusterMetrics(ctx: AppContext, cluster: string): Promise<PublishSummary> {
  const p = ctx.autoscaling.metricPeriodSeconds;
  const newest = Math.floor(ctx.clock.now() / 1000 / p) * p - p;
  const previous = await ctx.usage.claimPeriods(cluster, newest);
  if (previous === false) return { cluster, periods: [], data: 0 };
  const first = Math.max(previous === undefined ? newest : previous + p, newest - (MAX_CATCH_UP - 1) * p);
  const periods: number[] = [];
  for (let t = first; t <= newest; t += p) periods.push(t);

  const [instances, services, usage] = await Promise.all([
    ctx.instances.listAll(cluster),
    ctx.services.listAll(cluster),
    Promise.all(periods.map((t) => ctx.usage.forPeriod(cluster, t))),
  ]);
  const storageResolution = p < 60 ? 1 : 60;
  const data: MetricDatum[] = periods.flatMap((t, i) =>
    metricData({
      cluster,
      timestamp: t * 1000,
      usage: usage[i],
      storageResolution,
      ...(t === newest
        ? {
            services: services
              .filter((s) => s.record.status === 'ACTIVE')
              .map((s) => ({
                name: s.record.serviceName,
                running: s.record.runningCount,
                pending: s.record.pendingCount,
                desired: s.record.desiredCount,
              })),
            instances: instances.filter((i) => i.status === 'ACTIVE'),
          }
        : {}),
    }),
  );
  let capacityError: string | undefined;
  try {
    data.push(...(await capacityPass(ctx, cluster, instances, { timestampMs: newest * 1000, storageResolution })));
  } catch (err) {
    capacityError = err instanceof Error ? err.message : String(err);
  }
  if (data.length) await ctx.cloudwatch.putMetricData(METRICS_NAMESPACE, data);
  return { cluster, periods, data: data.length, ...(capacityError ? { capacityError } : {}) };
}
