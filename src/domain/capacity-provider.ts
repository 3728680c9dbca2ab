/**
 * Capacity providers: an EC2 Auto Scaling group behind a cluster, with ECS's
 * managed scaling (a target on CapacityProviderReservation), managed
 * termination protection and managed draining. Names, defaults and limits
 * from the ECS API model.
 */
import type { CapacityProvider, Tag } from '@aws-sdk/client-ecs';
import type { Wire } from './wire.js';

export type Toggle = 'ENABLED' | 'DISABLED';

export interface ManagedScalingSettings {
  status: Toggle;
  /** 1–100: the CapacityProviderReservation managed scaling keeps. */
  targetCapacity: number;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
  /** Seconds a new instance needs before it counts (ECS default 300). */
  instanceWarmupPeriod: number;
}

export const MANAGED_SCALING_DEFAULTS: Omit<ManagedScalingSettings, 'status'> = {
  targetCapacity: 100,
  minimumScalingStepSize: 1,
  maximumScalingStepSize: 10_000,
  instanceWarmupPeriod: 300,
};

export type CapacityProviderUpdateStatus = 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE';

export interface CapacityProviderRecord {
  name: string;
  arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  autoScalingGroupArn: string;
  /** The group's name, what Auto Scaling's API takes. */
  autoScalingGroupName: string;
  managedScaling: ManagedScalingSettings;
  managedTerminationProtection: Toggle;
  managedDraining: Toggle;
  updateStatus?: CapacityProviderUpdateStatus;
  updateStatusReason?: string;
  tags: Tag[];
  /** The one cluster it is associated with, if any (an Auto Scaling group capacity provider serves one cluster). */
  cluster?: string;
  /** Makes the names of the alarm pair it owns unique and stable (as the target-tracking policy's id does in ECS). */
  alarmSuffix: string;
  /** Epoch seconds. */
  createdAt: number;
}

/** One entry of a capacity provider strategy, with ECS's defaults (weight 0, base 0) applied. */
export interface StrategyItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

/** The reserved Fargate providers: Berth runs tasks on container instances only. */
export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
/** ECS quota: capacity providers associated with one cluster. */
export const MAX_PROVIDERS_PER_CLUSTER = 20;
/** ECS: a strategy holds at most 20 capacity providers. */
export const MAX_STRATEGY_ITEMS = 20;
/** ECS: at most this many tasks of a cluster wait in PROVISIONING. */
export const MAX_PROVISIONING_TASKS_PER_CLUSTER = 100;

export const CAPACITY_PROVIDER_NAME_RE = /^[a-zA-Z0-9_-]{1,255}$/;
export const RESERVED_NAME_PREFIX = /^(aws|ecs|fargate)/i;

export function capacityProviderView(r: CapacityProviderRecord, include: readonly string[] = []): Wire<CapacityProvider> {
  return {
    capacityProviderArn: r.arn,
    name: r.name,
    status: r.status,
    autoScalingGroupProvider: {
      autoScalingGroupArn: r.autoScalingGroupArn,
      managedScaling: { ...r.managedScaling },
      managedTerminationProtection: r.managedTerminationProtection,
      managedDraining: r.managedDraining,
    },
    ...(r.updateStatus ? { updateStatus: r.updateStatus } : {}),
    ...(r.updateStatusReason ? { updateStatusReason: r.updateStatusReason } : {}),
    ...(include.includes('TAGS') ? { tags: r.tags } : {}),
  };
}

/** Managed scaling acts for this provider (and tasks that do not fit may wait in PROVISIONING). */
export const scalesManaged = (r: Pick<CapacityProviderRecord, 'managedScaling'>) => r.managedScaling.status === 'ENABLED';
