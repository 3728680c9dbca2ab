/**
 * The metrics Berth publishes, with ECS's names and dimensions, in Berth's
 * own namespace (CloudWatch reserves AWS/*).
 */
import type { Dimension } from '@aws-sdk/client-cloudwatch';

export const METRICS_NAMESPACE = 'Berth/ECS';

export const serviceDimensions = (cluster: string, service: string): Dimension[] => [
  { Name: 'ClusterName', Value: cluster },
  { Name: 'ServiceName', Value: service },
];
export const clusterDimensions = (cluster: string): Dimension[] => [{ Name: 'ClusterName', Value: cluster }];

/** Application Auto Scaling's predefined metrics for ECS services → the metric they track. */
export const PREDEFINED_ECS_METRICS: Readonly<Record<string, string>> = {
  ECSServiceAverageCPUUtilization: 'CPUUtilization',
  ECSServiceAverageMemoryUtilization: 'MemoryUtilization',
};
