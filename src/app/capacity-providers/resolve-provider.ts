import type { AutoScalingGroupProvider, AutoScalingGroupProviderUpdate } from '@aws-sdk/client-ecs';
import { isArn } from '../../domain/arn.js';
import {
  CAPACITY_PROVIDER_NAME_RE,
  MANAGED_SCALING_DEFAULTS,
  RESERVED_NAME_PREFIX,
  type CapacityProviderRecord,
  type ManagedScalingSettings,
  type Toggle,
} from '../../domain/capacity-provider.js';
import { invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import type { ScalingGroup } from '../../ports/auto-scaling.js';
import type { AppContext } from '../context.js';

/** `name` or `arn:aws:ecs:<region>:<account>:capacity-provider/<name>` → name. */
export function providerNameParam(value: string): string {
  if (!isArn(value)) return value;
  const m = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:capacity-provider\/(.+)$/.exec(value);
  if (!m) throw invalidParameter(`Invalid capacity provider identifier: ${value}`);
  return m[1]!;
}

export const providerArn = (ctx: AppContext, name: string) =>
  `arn:aws:ecs:${ctx.arn.region}:${ctx.arn.accountId}:capacity-provider/${name}`;

export function checkProviderName(name: string): void {
  if (!CAPACITY_PROVIDER_NAME_RE.test(name) || RESERVED_NAME_PREFIX.test(name)) {
    throw invalidParameter(
      'The specified capacity provider name is invalid. Up to 255 characters are allowed, including letters (upper and lowercase), numbers, underscores, and hyphens. The name cannot be prefixed with "aws", "ecs", or "fargate".',
    );
  }
}

export const providerNotFound = () =>
  invalidParameter('The specified capacity provider does not exist. Specify a valid name or ARN and try again.');

export interface ProviderSettings {
  managedScaling: ManagedScalingSettings;
  managedTerminationProtection: Toggle;
  managedDraining: Toggle;
}

/**
 * Managed scaling, termination protection and draining after a create or an
 * update: given values over the current (or default) ones. A managedScaling
 * block without a status turns managed scaling on; no block at all leaves it
 * as it was (off for a new provider).
 */
export function providerSettings(
  given: Wire<AutoScalingGroupProvider> | Wire<AutoScalingGroupProviderUpdate>,
  current?: ProviderSettings,
): ProviderSettings {
  const base = current?.managedScaling ?? { status: 'DISABLED' as Toggle, ...MANAGED_SCALING_DEFAULTS };
  const ms = given.managedScaling;
  const managedScaling: ManagedScalingSettings = ms
    ? {
        status: (ms.status as Toggle | undefined) ?? 'ENABLED',
        targetCapacity: ms.targetCapacity ?? base.targetCapacity,
        minimumScalingStepSize: ms.minimumScalingStepSize ?? base.minimumScalingStepSize,
        maximumScalingStepSize: ms.maximumScalingStepSize ?? base.maximumScalingStepSize,
        instanceWarmupPeriod: ms.instanceWarmupPeriod ?? base.instanceWarmupPeriod,
      }
    : base;
  if (managedScaling.minimumScalingStepSize > managedScaling.maximumScalingStepSize) {
    throw invalidParameter('The managed scaling minimumScalingStepSize must be less than or equal to maximumScalingStepSize.');
  }
  const settings: ProviderSettings = {
    managedScaling,
    managedTerminationProtection:
      (given.managedTerminationProtection as Toggle | undefined) ?? current?.managedTerminationProtection ?? 'DISABLED',
    managedDraining: (given.managedDraining as Toggle | undefined) ?? current?.managedDraining ?? 'ENABLED',
  };
  if (settings.managedTerminationProtection === 'ENABLED' && managedScaling.status !== 'ENABLED') {
    throw invalidParameter(
      'The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must also be enabled.',
    );
  }
  return settings;
}

/** ECS requires the group to protect new instances from scale-in before it manages that protection. */
export function checkTerminationProtection(settings: ProviderSettings, group: ScalingGroup): void {
  if (settings.managedTerminationProtection === 'ENABLED' && !group.newInstancesProtectedFromScaleIn) {
    throw invalidParameter(
      'The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled.',
    );
  }
}

/** The provider-level view of a stored record's settings. */
export const settingsOf = (r: CapacityProviderRecord): ProviderSettings => ({
  managedScaling: r.managedScaling,
  managedTerminationProtection: r.managedTerminationProtection,
  managedDraining: r.managedDraining,
});
