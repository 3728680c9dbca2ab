import { createHash } from 'node:crypto';
import type { Dimension } from '@aws-sdk/client-cloudwatch';

/**
 * A metric is its namespace, name and set of dimensions (order does not
 * matter, names are unique). The canonical form keys its datapoints and its
 * catalog entry; a hash keeps partition keys short whatever the dimensions.
 */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

export const sortedDimensions = (dims: readonly Dimension[] = []): Dimension[] =>
  [...dims].sort((a, b) => (a.Name! < b.Name! ? -1 : a.Name! > b.Name! ? 1 : 0)).map((d) => ({ Name: d.Name, Value: d.Value }));

/** \u0000 cannot appear in names or values CloudWatch accepts, so it separates unambiguously. */
export function canonicalMetric(m: MetricIdentity): string {
  const dims = sortedDimensions(m.dimensions)
    .map((d) => `${d.Name}\u0001${d.Value}`)
    .join('\u0000');
  return `${m.namespace}\u0000${m.metricName}\u0000${dims}`;
}

export const metricId = (m: MetricIdentity) => createHash('sha256').update(canonicalMetric(m)).digest('hex').slice(0, 32);
