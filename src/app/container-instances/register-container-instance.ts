import type { RegisterContainerInstanceRequest, RegisterContainerInstanceResponse, Resource } from '@aws-sdk/client-ecs';
import { containerInstanceArn } from '../../domain/arn.js';
import type { ContainerInstanceRecord } from '../../domain/container-instance.js';
import { invalidParameter } from '../../domain/errors.js';
import { checkTags } from '../../domain/tags.js';
import type { Wire } from '../../domain/wire.js';
import { DRIVER_ATTRIBUTE } from '../../protocol/index.js';
import { ALWAYS_RESERVED_PORTS } from '../../scheduler/placement/index.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { hexId } from '../ids.js';
import { matchAtRegistration } from '../capacity/match-instance.js';
import { checkAttributes } from './attributes.js';
import { instanceView } from './instance-view.js';
import { instanceIdParam } from './resolve-instance.js';

function intResource(resources: readonly Resource[], name: string): number | undefined {
  const r = resources.find((x) => x.name === name);
  if (!r) return undefined;
  const v = r.integerValue ?? r.longValue ?? r.doubleValue;
  if (v === undefined || !Number.isFinite(v) || v <= 0) throw invalidParameter(`totalResources ${name} must be a positive number.`);
  return Math.floor(v);
}

function portsResource(resources: readonly Resource[], name: string, always: readonly number[]): number[] {
  const given = resources.find((x) => x.name === name)?.stringSetValue ?? [];
  const ports = given.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalidParameter(`totalResources ${name} holds an invalid port: ${p}.`);
    return n;
  });
  return [...new Set([...always, ...ports])].sort((a, b) => a - b);
}

function ec2InstanceIdOf(document: string | undefined): string | undefined {
  if (!document) return undefined;
  try {
    const id = JSON.parse(document).instanceId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    throw invalidParameter('instanceIdentityDocument is not valid JSON.');
  }
}

export async function registerContainerInstance(
  input: RegisterContainerInstanceRequest,
  ctx: AppContext,
): Promise<Wire<RegisterContainerInstanceResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const resources = input.totalResources ?? [];
  const cpu = intResource(resources, 'CPU');
  const memory = intResource(resources, 'MEMORY');
  if (cpu === undefined || memory === undefined) throw invalidParameter('totalResources must include CPU and MEMORY.');
  checkAttributes(input.attributes ?? []);
  checkTags(input.tags ?? []);
  const existingId = input.containerInstanceArn ? instanceIdParam(input.containerInstanceArn, cluster.clusterName) : undefined;
  if (input.containerInstanceArn && !existingId)
    throw invalidParameter('containerInstanceArn does not name a container instance of this cluster.');
  // ECS Anywhere-style ids for hosts outside EC2.
  const id = existingId ?? hexId(ctx);
  const now = ctx.clock.now();
  const attributes = input.attributes ?? [];
  const ec2InstanceId = ec2InstanceIdOf(input.instanceIdentityDocument);
  const capacityProviderName = ec2InstanceId ? await matchAtRegistration(ctx, cluster.capacityProviders, ec2InstanceId) : undefined;
  const record: ContainerInstanceRecord = {
    id,
    arn: containerInstanceArn(ctx.arn, cluster.clusterName, id),
    clusterName: cluster.clusterName,
    ec2InstanceId,
    ...(capacityProviderName ? { capacityProviderName } : {}),
    status: 'ACTIVE',
    attributes,
    versionInfo: input.versionInfo ?? {},
    registeredCpu: cpu,
    registeredMemory: memory,
    reservedTcpPorts: portsResource(resources, 'PORTS', ALWAYS_RESERVED_PORTS),
    reservedUdpPorts: portsResource(resources, 'PORTS_UDP', []),
    remainingCpu: cpu,
    remainingMemory: memory,
    usedTcpPorts: [],
    usedUdpPorts: [],
    runningTasksCount: 0,
    pendingTasksCount: 0,
    taskGroups: {},
    registeredAt: now,
    lastHeartbeatAt: now,
    tags: input.tags ?? [],
    driver: attributes.find((a) => a.name === DRIVER_ATTRIBUTE)?.value,
  };
  const saved = await ctx.instances.register(record);
  if (!saved) {
    throw invalidParameter(
      'The container instance was deregistered: register the host again without containerInstanceArn, as a new instance.',
    );
  }
  ctx.reconcile.request(cluster.clusterName);
  return { containerInstance: instanceView(saved, now, ctx.settings.agentTimeoutMs, ['TAGS']) };
}
