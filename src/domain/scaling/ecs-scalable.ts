/**
 * What Berth's Application Auto Scaling scales: the desired count of an ECS
 * service (namespace `ecs`, resource `service/<cluster>/<service>`,
 * dimension `ecs:service:DesiredCount`). Other namespaces are refused, never
 * stored and ignored.
 */
export const ECS_NAMESPACE = 'ecs';
export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount';

export interface ServiceResource {
  cluster: string;
  service: string;
}

/** `service/<cluster>/<service>` → its parts; undefined for anything else. */
export function parseServiceResourceId(resourceId: string): ServiceResource | undefined {
  const m = /^service\/([^/]+)\/([^/]+)$/.exec(resourceId);
  return m ? { cluster: m[1], service: m[2] } : undefined;
}

export const serviceResourceId = (cluster: string, service: string) => `service/${cluster}/${service}`;

/** The role Application Auto Scaling uses for ECS services (a service-linked role; Berth needs no other). */
export const ecsScalingRoleArn = (accountId: string) =>
  `arn:aws:iam::${accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`;
