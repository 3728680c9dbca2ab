/**
 * The EC2 Auto Scaling operations the local twin serves (query protocol,
 * Version 2011-01-01), with Auto Scaling's shapes, error codes and messages.
 * Parameters the twin cannot honour locally are refused with a clear
 * ValidationError, never stored and ignored.
 */
import { randomUUID } from 'node:crypto';
import { EcsError } from '../../../domain/errors.js';
import { modelError, type QueryOperation } from '../../../api/query/handle-query.js';
import type { RawModel } from '../../../api/model/botocore.js';
import type { GroupController } from './group-controller.js';
import { iso, newActivity } from './group-controller.js';
import {
  groupView,
  isLive,
  LOCAL_INSTANCE_TYPE,
  LOCAL_LAUNCH_TEMPLATE,
  LOCAL_LAUNCH_TEMPLATE_ID,
  type GroupRecord,
  type GroupTag,
} from './group-record.js';
import {
  checkBounds,
  checkTerminationPolicies,
  checkZones,
  DEFAULT_COOLDOWN_SECONDS,
  instanceSpec,
  MAX_TAGS,
  validationError,
} from './group-rules.js';
import { newestFirst, type GroupStore, type StoredGroup } from './group-store.js';

export interface TwinContext {
  model: RawModel;
  store: GroupStore;
  controller: GroupController;
  region: string;
  accountId: string;
  now: () => number;
}

type Op = QueryOperation<TwinContext>;

/** Parameters of Create/UpdateAutoScalingGroup that need EC2, ELB or other services the twin does not have. */
const UNSUPPORTED: Record<string, string> = {
  LaunchConfigurationName: `launch configurations: use --launch-template LaunchTemplateName=${LOCAL_LAUNCH_TEMPLATE}`,
  MixedInstancesPolicy: `mixed instances policies: use --launch-template LaunchTemplateName=${LOCAL_LAUNCH_TEMPLATE}`,
  InstanceId: 'creating a group from an instance',
  VPCZoneIdentifier: 'subnets (there is no VPC locally): use --availability-zones',
  AvailabilityZoneIds: 'zone ids: use --availability-zones',
  LoadBalancerNames: 'Classic Load Balancers',
  TargetGroupARNs: 'target groups',
  TrafficSources: 'traffic sources',
  PlacementGroup: 'placement groups',
  LifecycleHookSpecificationList: 'lifecycle hooks',
  ServiceLinkedRoleARN: 'service-linked roles',
  MaxInstanceLifetime: 'a maximum instance lifetime',
  Context: 'a reserved context',
  DefaultInstanceWarmup: 'a default instance warm-up',
  InstanceMaintenancePolicy: 'instance maintenance policies',
  AvailabilityZoneDistribution: 'zone distribution strategies',
  AvailabilityZoneImpairmentPolicy: 'zone impairment policies',
  SkipZonalShiftValidation: 'zonal shift',
  CapacityReservationSpecification: 'capacity reservations',
  InstanceLifecyclePolicy: 'instance lifecycle policies',
};

function refuseUnsupported(input: Record<string, unknown>): void {
  for (const [param, what] of Object.entries(UNSUPPORTED)) {
    if (input[param] !== undefined) throw validationError(`Berth's local Auto Scaling does not support ${what} (${param}).`);
  }
  if (input.CapacityRebalance === true)
    throw validationError("Berth's local Auto Scaling does not support capacity rebalancing (CapacityRebalance).");
  if (input.DesiredCapacityType !== undefined && input.DesiredCapacityType !== 'units') {
    throw validationError("Berth's local Auto Scaling counts capacity in instances: DesiredCapacityType must be units.");
  }
  if (input.DeletionProtection !== undefined && input.DeletionProtection !== 'none') {
    throw validationError("Berth's local Auto Scaling does not support deletion protection (DeletionProtection).");
  }
  if (input.HealthCheckType !== undefined && input.HealthCheckType !== 'EC2') {
    throw validationError(
      `Health check type ${String(input.HealthCheckType)} is not supported locally: use EC2 (the instance's agent process is alive).`,
    );
  }
  for (const n of ['HealthCheckGracePeriod', 'DefaultCooldown'] as const) {
    const v = input[n];
    if (v !== undefined && (typeof v !== 'number' || v < 0)) throw validationError(`${n} must not be negative.`);
  }
}

interface LaunchTemplateSpec {
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  Version?: string;
}

/** The launch template version, if the spec names the local agent's template (the only one there is). */
function launchTemplateVersion(spec: LaunchTemplateSpec | undefined): string {
  if (!spec) {
    throw validationError(
      'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.',
    );
  }
  const byName = spec.LaunchTemplateName;
  const byId = spec.LaunchTemplateId;
  if ((byName === undefined) === (byId === undefined)) {
    throw validationError('Valid requests must contain either launchTemplateId or launchTemplateName in the LaunchTemplate parameter.');
  }
  if (byName !== undefined && byName !== LOCAL_LAUNCH_TEMPLATE) {
    throw validationError(
      `You must use a valid fully-formed launch template. The launch template with template name ${byName} does not exist. ` +
        `Berth's local Auto Scaling launches local Berth agents from one launch template: LaunchTemplateName=${LOCAL_LAUNCH_TEMPLATE}.`,
    );
  }
  if (byId !== undefined && byId !== LOCAL_LAUNCH_TEMPLATE_ID) {
    throw validationError(
      `You must use a valid fully-formed launch template. The launch template with template id ${byId} does not exist. ` +
        `Berth's local Auto Scaling launches local Berth agents from one launch template: LaunchTemplateName=${LOCAL_LAUNCH_TEMPLATE}.`,
    );
  }
  const version = spec.Version ?? '$Default';
  if (!['$Default', '$Latest', '1'].includes(version)) {
    throw validationError(
      `You must use a valid fully-formed launch template. Launch template ${LOCAL_LAUNCH_TEMPLATE} has version 1 only ($Default, $Latest), not ${version}.`,
    );
  }
  return version;
}

function groupTags(
  group: string,
  tags: readonly { Key?: string; Value?: string; PropagateAtLaunch?: boolean; ResourceId?: string; ResourceType?: string }[],
) {
  if (tags.length > MAX_TAGS) throw modelErrorLimit(`The number of tags must not exceed ${MAX_TAGS}.`);
  const seen = new Set<string>();
  return tags.map((t): GroupTag => {
    if (!t.Key) throw validationError('A tag key must not be empty.');
    if (seen.has(t.Key)) throw validationError(`Duplicate tag key: ${t.Key}.`);
    if (t.Key.toLowerCase().startsWith('aws:')) throw validationError(`Tag keys starting with aws: are reserved: ${t.Key}.`);
    if (t.ResourceId !== undefined && t.ResourceId !== group)
      throw validationError(`Tag ${t.Key} names resource ${t.ResourceId}, not the group ${group}.`);
    if (t.ResourceType !== undefined && t.ResourceType !== 'auto-scaling-group') {
      throw validationError(`Tag ${t.Key}: ResourceType must be auto-scaling-group.`);
    }
    seen.add(t.Key);
    return { Key: t.Key, Value: t.Value ?? '', PropagateAtLaunch: t.PropagateAtLaunch ?? false };
  });
}

const modelErrorLimit = (message: string) => new EcsError('LimitExceeded', message);
const notFound = (name: string) => validationError(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);

function requireGroup(current: StoredGroup | undefined, name: string): GroupRecord {
  if (!current) throw notFound(name);
  if (current.group.deleting) throw new EcsError('ScalingActivityInProgress', `AutoScalingGroup ${name} is being deleted.`);
  return structuredClone(current.group);
}

const createGroup: Op = async (input, ctx) => {
  const name = input.AutoScalingGroupName as string;
  refuseUnsupported(input);
  const version = launchTemplateVersion(input.LaunchTemplate);
  const zones = checkZones(input.AvailabilityZones, ctx.region);
  const min = input.MinSize as number;
  const max = input.MaxSize as number;
  const desired = (input.DesiredCapacity as number | undefined) ?? min;
  checkBounds(min, max, desired);
  const tags = groupTags(name, input.Tags ?? []);
  instanceSpec(tags);
  const policies = checkTerminationPolicies(input.TerminationPolicies);
  const now = ctx.now();
  await ctx.controller.change(name, (current) => {
    if (current)
      throw modelError(
        ctx.model,
        'AlreadyExistsFault',
        `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
      );
    const group: GroupRecord = {
      name,
      arn: `arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:autoScalingGroup:${randomUUID()}:autoScalingGroupName/${name}`,
      createdAt: now / 1000,
      minSize: min,
      maxSize: max,
      desiredCapacity: desired,
      defaultCooldown: input.DefaultCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      healthCheckGracePeriod: input.HealthCheckGracePeriod ?? 0,
      availabilityZones: zones,
      launchTemplateVersion: version,
      tags,
      newInstancesProtectedFromScaleIn: input.NewInstancesProtectedFromScaleIn ?? false,
      terminationPolicies: policies,
      instances: [],
      lastCause: `At ${iso(now)} a user request created an AutoScalingGroup changing the desired capacity from 0 to ${desired}.`,
      failedLaunches: 0,
    };
    return { group, result: undefined };
  });
  return {};
};

const updateGroup: Op = async (input, ctx) => {
  const name = input.AutoScalingGroupName as string;
  refuseUnsupported(input);
  const version = input.LaunchTemplate === undefined ? undefined : launchTemplateVersion(input.LaunchTemplate);
  const zones = input.AvailabilityZones === undefined ? undefined : checkZones(input.AvailabilityZones, ctx.region);
  const policies = input.TerminationPolicies === undefined ? undefined : checkTerminationPolicies(input.TerminationPolicies);
  const now = ctx.now();
  await ctx.controller.change(name, (current) => {
    const g = requireGroup(current, name);
    const min = (input.MinSize as number | undefined) ?? g.minSize;
    const max = (input.MaxSize as number | undefined) ?? g.maxSize;
    // As Auto Scaling does: new bounds pull the desired capacity inside them unless it is given.
    const desired = (input.DesiredCapacity as number | undefined) ?? Math.min(max, Math.max(min, g.desiredCapacity));
    checkBounds(min, max, desired);
    if (desired !== g.desiredCapacity) {
      g.lastCause = `At ${iso(now)} a user request update of AutoScalingGroup constraints to min: ${min}, max: ${max}, desired: ${desired} changing the desired capacity from ${g.desiredCapacity} to ${desired}.`;
    }
    Object.assign(g, { minSize: min, maxSize: max, desiredCapacity: desired });
    if (version !== undefined) g.launchTemplateVersion = version;
    if (zones !== undefined) g.availabilityZones = zones;
    if (policies !== undefined) g.terminationPolicies = policies;
    if (input.NewInstancesProtectedFromScaleIn !== undefined) g.newInstancesProtectedFromScaleIn = input.NewInstancesProtectedFromScaleIn;
    if (input.HealthCheckGracePeriod !== undefined) g.healthCheckGracePeriod = input.HealthCheckGracePeriod;
    if (input.DefaultCooldown !== undefined) g.defaultCooldown = input.DefaultCooldown;
    return { group: g, result: undefined };
  });
  return {};
};

const setDesiredCapacity: Op = async (input, ctx) => {
  const name = input.AutoScalingGroupName as string;
  const desired = input.DesiredCapacity as number;
  const now = ctx.now();
  await ctx.controller.change(name, (current) => {
    const g = requireGroup(current, name);
    if (desired > g.maxSize)
      throw validationError(`New SetDesiredCapacity value ${desired} is above max value ${g.maxSize} for the AutoScalingGroup.`);
    if (desired < g.minSize)
      throw validationError(`New SetDesiredCapacity value ${desired} is below min value ${g.minSize} for the AutoScalingGroup.`);
    if (input.HonorCooldown === true && g.lastScalingAt !== undefined && now - g.lastScalingAt < g.defaultCooldown * 1000) {
      throw modelError(
        ctx.model,
        'ScalingActivityInProgressFault',
        `Scaling activity for ${name} is in cooldown until ${iso(g.lastScalingAt + g.defaultCooldown * 1000)}.`,
      );
    }
    if (desired !== g.desiredCapacity) {
      g.lastCause = `At ${iso(now)} a user request explicitly set group desired capacity changing the desired capacity from ${g.desiredCapacity} to ${desired}.`;
      g.desiredCapacity = desired;
    }
    return { group: g, result: undefined };
  });
  return {};
};

const MAX_GROUP_RECORDS = 100;

const describeGroups: Op = async (input, ctx) => {
  const names = input.AutoScalingGroupNames as string[] | undefined;
  const max = pageSize(input.MaxRecords, 50, MAX_GROUP_RECORDS);
  const filters = (input.Filters ?? []) as { Name?: string; Values?: string[] }[];
  const matches = tagFilter(filters);
  let groups = (await ctx.store.list()).map((s) => s.group);
  if (names?.length) groups = groups.filter((g) => names.includes(g.name));
  groups = groups.filter(matches).sort((a, b) => (a.name < b.name ? -1 : 1));
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
  const from = after === undefined ? 0 : groups.findIndex((g) => g.name > after);
  const page = from < 0 ? [] : groups.slice(from, from + max);
  const more = from >= 0 && from + max < groups.length;
  return {
    AutoScalingGroups: page.map((g) => groupView(g, input.IncludeInstances !== false)),
    ...(more ? { NextToken: encodeToken(page[page.length - 1]!.name) } : {}),
  };
};

function tagFilter(filters: readonly { Name?: string; Values?: string[] }[]) {
  const tests = filters.map((f) => {
    const values = f.Values ?? [];
    if (f.Name === 'tag-key') return (g: GroupRecord) => g.tags.some((t) => values.includes(t.Key));
    if (f.Name === 'tag-value') return (g: GroupRecord) => g.tags.some((t) => values.includes(t.Value));
    if (f.Name?.startsWith('tag:')) {
      const key = f.Name.slice(4);
      return (g: GroupRecord) => g.tags.some((t) => t.Key === key && values.includes(t.Value));
    }
    throw validationError(`Filter name ${f.Name ?? ''} is not valid: use tag-key, tag-value or tag:<key>.`);
  });
  return (g: GroupRecord) => tests.every((t) => t(g));
}

const describeInstances: Op = async (input, ctx) => {
  const ids = input.InstanceIds as string[] | undefined;
  const max = pageSize(input.MaxRecords, 50, 50);
  const all = (await ctx.store.list())
    .flatMap((s) => s.group.instances.map((i) => ({ g: s.group, i })))
    .filter(({ i }) => !ids?.length || ids.includes(i.instanceId))
    .sort((a, b) => (a.i.instanceId < b.i.instanceId ? -1 : 1));
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
  const from = after === undefined ? 0 : all.findIndex(({ i }) => i.instanceId > after);
  const page = from < 0 ? [] : all.slice(from, from + max);
  return {
    AutoScalingInstances: page.map(({ g, i }) => ({
      InstanceId: i.instanceId,
      InstanceType: LOCAL_INSTANCE_TYPE,
      AutoScalingGroupName: g.name,
      AvailabilityZone: i.zone,
      LifecycleState: i.lifecycleState,
      HealthStatus: i.healthStatus.toUpperCase(),
      LaunchTemplate: {
        LaunchTemplateId: LOCAL_LAUNCH_TEMPLATE_ID,
        LaunchTemplateName: LOCAL_LAUNCH_TEMPLATE,
        Version: g.launchTemplateVersion,
      },
      ProtectedFromScaleIn: i.protectedFromScaleIn,
    })),
    ...(from >= 0 && from + max < all.length ? { NextToken: encodeToken(page[page.length - 1]!.i.instanceId) } : {}),
  };
};

const setInstanceProtection: Op = async (input, ctx) => {
  const name = input.AutoScalingGroupName as string;
  const ids = input.InstanceIds as string[];
  if (ids.length > 50) throw validationError('At most 50 instance ids can be given at once.');
  await ctx.controller.change(name, (current) => {
    const g = requireGroup(current, name);
    for (const id of ids) {
      const inst = g.instances.find((i) => i.instanceId === id && isLive(i));
      if (!inst) throw validationError(`The instance ${id} is not part of Auto Scaling group ${name}.`);
      inst.protectedFromScaleIn = input.ProtectedFromScaleIn as boolean;
    }
    return { group: g, result: undefined };
  });
  return {};
};

const terminateInstance: Op = async (input, ctx) => {
  const id = input.InstanceId as string;
  const decrement = input.ShouldDecrementDesiredCapacity as boolean;
  const owner = (await ctx.store.list()).find((s) => s.group.instances.some((i) => i.instanceId === id));
  if (!owner) throw validationError(`Instance Id not found - No managed instance found for instance ID: ${id}`);
  const now = ctx.now();
  const activity = await ctx.controller.change(owner.group.name, (current) => {
    const g = requireGroup(current, owner.group.name);
    const inst = g.instances.find((i) => i.instanceId === id);
    if (!inst) throw validationError(`Instance Id not found - No managed instance found for instance ID: ${id}`);
    if (!isLive(inst)) throw modelError(ctx.model, 'ScalingActivityInProgressFault', `Instance ${id} is already terminating.`);
    const live = g.instances.filter(isLive).length;
    let cause = `At ${iso(now)} instance ${id} was taken out of service in response to a user request.`;
    if (decrement) {
      if (g.desiredCapacity <= g.minSize) {
        throw validationError(
          `Currently, desiredSize equals minSize (${g.minSize}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`,
        );
      }
      cause = `At ${iso(now)} instance ${id} was taken out of service in response to a user request, shrinking the capacity from ${live} to ${live - 1}.`;
      g.lastCause = `At ${iso(now)} a user request terminated instance ${id}, changing the desired capacity from ${g.desiredCapacity} to ${g.desiredCapacity - 1}.`;
      g.desiredCapacity -= 1;
    }
    const a = newActivity(g, `Terminating EC2 instance: ${id}`, cause, now, inst.zone);
    inst.lifecycleState = 'Terminating';
    inst.terminationActivityId = a.ActivityId;
    g.lastScalingAt = now;
    return { group: g, activities: [a], result: a };
  });
  return { Activity: activity };
};

const deleteGroup: Op = async (input, ctx) => {
  const name = input.AutoScalingGroupName as string;
  const now = ctx.now();
  await ctx.controller.change(name, (current) => {
    if (!current) throw notFound(name);
    const g = structuredClone(current.group);
    if (g.instances.length === 0) return { deleteGroup: true, result: undefined };
    if (!input.ForceDelete) {
      throw modelError(
        ctx.model,
        'ResourceInUseFault',
        'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
      );
    }
    Object.assign(g, {
      deleting: true,
      minSize: 0,
      maxSize: 0,
      desiredCapacity: 0,
      lastCause: `At ${iso(now)} a user request deleted the AutoScalingGroup.`,
    });
    return { group: g, result: undefined };
  });
  return {};
};

const describeActivities: Op = async (input, ctx) => {
  const max = pageSize(input.MaxRecords, 100, 100);
  const names = input.AutoScalingGroupName ? [input.AutoScalingGroupName as string] : (await ctx.store.list()).map((s) => s.group.name);
  const ids = input.ActivityIds as string[] | undefined;
  const all = (await Promise.all(names.map((n) => ctx.store.activities(n))))
    .flat()
    .filter((a) => !ids?.length || ids.includes(a.ActivityId))
    .sort(newestFirst);
  const from = input.NextToken === undefined ? 0 : Number(decodeToken(input.NextToken));
  if (!Number.isInteger(from) || from < 0) throw modelError(ctx.model, 'InvalidNextToken', 'The token is not valid.');
  const page = all.slice(from, from + max);
  return {
    Activities: page.map(({ seq: _seq, ...wire }) => wire),
    ...(from + max < all.length ? { NextToken: encodeToken(String(from + max)) } : {}),
  };
};

/** CreateOrUpdateTags / DeleteTags: the group's tags (its instance size and cluster tags apply to the next launches). */
const changeTags =
  (remove: boolean): Op =>
  async (input, ctx) => {
    const tags = input.Tags as { Key?: string; Value?: string; PropagateAtLaunch?: boolean; ResourceId?: string; ResourceType?: string }[];
    const byGroup = new Map<string, typeof tags>();
    for (const t of tags) {
      if (t.ResourceType !== 'auto-scaling-group' || !t.ResourceId) {
        throw validationError('Each tag must name its group: ResourceType=auto-scaling-group and ResourceId=<group name>.');
      }
      byGroup.set(t.ResourceId, [...(byGroup.get(t.ResourceId) ?? []), t]);
    }
    for (const [name, list] of byGroup) {
      await ctx.controller.change(name, (current) => {
        const g = requireGroup(current, name);
        const given = groupTags(name, list);
        const keys = new Set(given.map((t) => t.Key));
        const next = remove ? g.tags.filter((t) => !keys.has(t.Key)) : [...g.tags.filter((t) => !keys.has(t.Key)), ...given];
        if (next.length > MAX_TAGS) throw modelErrorLimit(`The number of tags must not exceed ${MAX_TAGS}.`);
        instanceSpec(next);
        g.tags = next;
        return { group: g, result: undefined };
      });
    }
    return {};
  };

function pageSize(given: unknown, fallback: number, max: number): number {
  if (given === undefined) return fallback;
  if (typeof given !== 'number' || given < 1 || given > max) throw validationError(`MaxRecords must be between 1 and ${max}.`);
  return given;
}

const encodeToken = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
function decodeToken(token: string): string {
  const s = Buffer.from(token, 'base64url').toString('utf8');
  if (!s || encodeToken(s) !== token) throw new EcsError('InvalidNextToken', 'The token is not valid.');
  return s;
}

export const autoScalingOperations: ReadonlyMap<string, Op> = new Map([
  ['CreateAutoScalingGroup', createGroup],
  ['UpdateAutoScalingGroup', updateGroup],
  ['SetDesiredCapacity', setDesiredCapacity],
  ['DescribeAutoScalingGroups', describeGroups],
  ['DescribeAutoScalingInstances', describeInstances],
  ['SetInstanceProtection', setInstanceProtection],
  ['TerminateInstanceInAutoScalingGroup', terminateInstance],
  ['DeleteAutoScalingGroup', deleteGroup],
  ['DescribeScalingActivities', describeActivities],
  ['CreateOrUpdateTags', changeTags(false)],
  ['DeleteTags', changeTags(true)],
]);
