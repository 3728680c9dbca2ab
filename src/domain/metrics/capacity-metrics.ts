/** CapacityProviderReservation, as ECS names it, in Berth's namespace. */
import type { Dimension } from '@aws-sdk/client-cloudwatch';

export const CAPACITY_PROVIDER_RESERVATION = 'CapacityProviderReservation';

export const capacityProviderDimensions = (cluster: string, provider: string): Dimension[] => [
  { Name: 'ClusterName', Value: cluster },
  { Name: 'CapacityProviderName', Value: provider },
];
