/** RegisterTargets, DeregisterTargets, DescribeTargetHealth. */
import { elbError, unsupported } from './model.js';
import type { TargetGroupRecord } from './records.js';
import { requireTargetGroup } from './rules.js';
import type { Elbv2Runtime } from './runtime.js';
import { DESCRIPTIONS } from './target-health.js';
import { targetHealthView } from './views.js';

const MAX_TARGETS = 1000;

interface TargetInput {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
  QuicServerId?: string;
}

/** EC2 instance ids (i-…) and Berth's container instance ids (32 hex characters, ECS Anywhere style). */
const INSTANCE_ID = /^(i-[0-9a-f]{8,17}|[0-9a-f]{32})$/;

function resolveTargets(tg: TargetGroupRecord, targets: readonly TargetInput[]): { id: string; port: number }[] {
  const invalid = targets.filter((t) => !INSTANCE_ID.test(t.Id)).map((t) => `'${t.Id}'`);
  if (invalid.length) throw elbError('InvalidTargetException', `The following targets are not valid instance IDs: ${invalid.join(', ')}`);
  if (targets.some((t) => t.AvailabilityZone !== undefined))
    throw unsupported('An Availability Zone can be given for IP address targets only; instance targets are in their instance’s zone.');
  if (targets.some((t) => t.QuicServerId !== undefined)) throw unsupported('QUIC server ids are for QUIC target groups only.');
  return targets.map((t) => ({ id: t.Id, port: t.Port ?? tg.port }));
}

export function registerTargets(input: { TargetGroupArn: string; Targets: TargetInput[] }, rt: Elbv2Runtime) {
  return rt.state.exclusive(async () => {
    const tg = requireTargetGroup(rt, input.TargetGroupArn);
    const targets = resolveTargets(tg, input.Targets);
    const known = new Set(rt.state.targetList(tg.arn).map((t) => `${t.id}:${t.port}`));
    const added = new Set(targets.map((t) => `${t.id}:${t.port}`).filter((k) => !known.has(k)));
    if (known.size + added.size > MAX_TARGETS)
      throw elbError('TooManyTargetsException', `You have reached the limit of ${MAX_TARGETS} targets in target group '${tg.arn}'.`);
    for (const t of targets) await rt.lifecycle.register(tg, t.id, t.port);
    return {};
  });
}

export function deregisterTargets(input: { TargetGroupArn: string; Targets: TargetInput[] }, rt: Elbv2Runtime) {
  return rt.state.exclusive(async () => {
    const tg = requireTargetGroup(rt, input.TargetGroupArn);
    for (const t of resolveTargets(tg, input.Targets)) await rt.lifecycle.deregister(tg, t.id, t.port);
    return {};
  });
}

/** Every registered target (draining ones too), or the ones asked for: a target that is not registered is `unused`. */
export function describeTargetHealth(input: { TargetGroupArn: string; Targets?: TargetInput[]; Include?: string[] }, rt: Elbv2Runtime) {
  const tg = requireTargetGroup(rt, input.TargetGroupArn);
  if (input.Include?.length)
    throw unsupported("Berth's local load balancer has no anomaly detection or administrative overrides to include.");
  if (!input.Targets?.length) return { TargetHealthDescriptions: rt.state.targetList(tg.arn).map((t) => targetHealthView(t, tg)) };
  return {
    TargetHealthDescriptions: resolveTargets(tg, input.Targets).map((asked) => {
      const t = rt.state.target(tg.arn, asked.id, asked.port);
      return targetHealthView(
        t ?? { ...asked, health: { state: 'unused', reason: 'Target.NotRegistered', description: DESCRIPTIONS.notRegistered } },
        tg,
      );
    }),
  };
}
