/**
 * The Auto Scaling rules the local twin applies, pure: bounds, what the
 * group's tags say about its instances, which zone a launch goes to, which
 * instances a scale-in removes. Messages follow EC2 Auto Scaling's own.
 */
import { EcsError } from '../../../domain/errors.js';
import {
  isLive,
  TAG_CLUSTER,
  TAG_INSTANCE_CPU,
  TAG_INSTANCE_MEMORY,
  type GroupRecord,
  type GroupTag,
  type InstanceRecord,
} from './group-record.js';

export const validationError = (message: string) => new EcsError('ValidationError', message);

/** A local instance offers this much unless the group's tags say otherwise. */
export const DEFAULT_INSTANCE_CPU = 1024;
export const DEFAULT_INSTANCE_MEMORY = 2048;
export const DEFAULT_CLUSTER = 'default';
export const DEFAULT_COOLDOWN_SECONDS = 300;
/** AWS's own caps on a group (and what any local machine could run anyway). */
export const MAX_GROUP_SIZE = 10_000;
export const MAX_TAGS = 50;

/** Default: balance zones, then the oldest instance. OldestInstance / NewestInstance: by launch time. */
export const TERMINATION_POLICIES = ['Default', 'OldestInstance', 'NewestInstance', 'OldestLaunchTemplate', 'ClosestToNextInstanceHour'];

export interface InstanceSpec {
  cpu: number;
  memory: number;
  cluster: string;
}

/** CPU, memory and cluster of the group's next instances, from its tags (refused when a value is unusable). */
export function instanceSpec(tags: readonly GroupTag[]): InstanceSpec {
  const tag = (key: string) => tags.find((t) => t.Key === key)?.Value;
  const size = (key: string, fallback: number, max: number) => {
    const raw = tag(key);
    if (raw === undefined) return fallback;
    const n = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= max)) throw validationError(`Tag ${key} must be a whole number from 1 to ${max}, not '${raw}'.`);
    return n;
  };
  const cluster = tag(TAG_CLUSTER) ?? DEFAULT_CLUSTER;
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(cluster)) {
    throw validationError(`Tag ${TAG_CLUSTER} must be an ECS cluster name (letters, numbers, hyphens, underscores), not '${cluster}'.`);
  }
  return {
    cpu: size(TAG_INSTANCE_CPU, DEFAULT_INSTANCE_CPU, 1024 * 192),
    memory: size(TAG_INSTANCE_MEMORY, DEFAULT_INSTANCE_MEMORY, 1024 * 1024),
    cluster,
  };
}

export function checkBounds(min: number, max: number, desired: number): void {
  if (min < 0 || max < 0 || desired < 0) throw validationError('MinSize, MaxSize and DesiredCapacity must not be negative.');
  if (max > MAX_GROUP_SIZE) throw validationError(`Max bound, ${max}, must be less than or equal to ${MAX_GROUP_SIZE}.`);
  if (min > max) throw validationError(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) {
    throw validationError(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
  }
}

export function checkZones(zones: readonly string[] | undefined, region: string): string[] {
  if (!zones?.length) throw validationError('At least one Availability Zone or VPC Subnet is required.');
  for (const z of zones) {
    if (!new RegExp(`^${region.replace(/-/g, '\\-')}[a-z]$`).test(z)) {
      throw validationError(`The Availability Zone ${z} is not valid in ${region}: use ${region}a, ${region}b, …`);
    }
  }
  return [...new Set(zones)];
}

export function checkTerminationPolicies(policies: readonly string[] | undefined): string[] {
  if (!policies?.length) return ['Default'];
  for (const p of policies) {
    if (!TERMINATION_POLICIES.includes(p)) {
      throw validationError(
        `Termination policy ${p} is not supported by Berth's local Auto Scaling; use one of ${TERMINATION_POLICIES.join(', ')}.`,
      );
    }
  }
  return [...policies];
}

/** The zone the next launch goes to: the one with the fewest live instances (ties: the order the group lists them). */
export function launchZone(group: Pick<GroupRecord, 'availabilityZones' | 'instances'>, launching: readonly string[] = []): string {
  const counts = new Map(group.availabilityZones.map((z) => [z, 0]));
  for (const i of group.instances) if (isLive(i) && counts.has(i.zone)) counts.set(i.zone, counts.get(i.zone)! + 1);
  for (const z of launching) if (counts.has(z)) counts.set(z, counts.get(z)! + 1);
  let best = group.availabilityZones[0]!;
  for (const z of group.availabilityZones) if (counts.get(z)! < counts.get(best)!) best = z;
  return best;
}

/**
 * The instances a scale-in of `count` removes: never a protected one. Live
 * instances outside the group's zones go first; then, as EC2 Auto Scaling's
 * Default policy does, from the zone with the most instances, the oldest
 * (OldestInstance: oldest first everywhere; NewestInstance: newest first).
 */
export function chooseForScaleIn(group: Pick<GroupRecord, 'availabilityZones' | 'instances' | 'terminationPolicies'>, count: number) {
  const chosen: InstanceRecord[] = [];
  const candidates = group.instances.filter((i) => isLive(i) && !i.protectedFromScaleIn);
  const policy = group.terminationPolicies[0] ?? 'Default';
  const byAge = (a: InstanceRecord, b: InstanceRecord) =>
    policy === 'NewestInstance' ? b.launchedAt - a.launchedAt : a.launchedAt - b.launchedAt || (a.instanceId < b.instanceId ? -1 : 1);
  while (chosen.length < count) {
    const left = candidates.filter((c) => !chosen.includes(c));
    if (!left.length) break;
    const stray = left.filter((i) => !group.availabilityZones.includes(i.zone));
    if (stray.length) {
      chosen.push(stray.sort(byAge)[0]!);
      continue;
    }
    if (policy === 'OldestInstance' || policy === 'NewestInstance') {
      chosen.push(left.sort(byAge)[0]!);
      continue;
    }
    const perZone = new Map<string, number>();
    for (const i of group.instances) if (isLive(i) && !chosen.includes(i)) perZone.set(i.zone, (perZone.get(i.zone) ?? 0) + 1);
    const zoneOf = (i: InstanceRecord) => perZone.get(i.zone) ?? 0;
    const busiest = Math.max(...left.map(zoneOf));
    chosen.push(left.filter((i) => zoneOf(i) === busiest).sort(byAge)[0]!);
  }
  return chosen;
}

/** `i-` and 17 hex digits, as EC2 names instances. */
export function newInstanceId(random: () => number = Math.random): string {
  let hex = '';
  for (let i = 0; i < 17; i++) hex += Math.floor(random() * 16).toString(16);
  return `i-${hex}`;
}

/** How long launches wait after `failures` consecutive failed ones: 5 s, 10 s, … up to 5 min. */
export function launchBackoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(300_000, 5000 * 2 ** (failures - 1));
}
