import type { Tag, TaskOverride } from '@aws-sdk/client-ecs';
import { taskArn } from '../../domain/arn.js';
import { effectiveContainers } from '../../domain/effective-definition.js';
import type { ContainerRecord, TaskRecord } from '../../domain/task.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import type { Wire } from '../../domain/wire.js';
import type { Placement, PlacementRequest } from '../../scheduler/placement/index.js';
import type { AppContext } from '../context.js';
import { hexId } from '../ids.js';

export interface NewTaskArgs {
  td: TaskDefinitionRecord;
  clusterName: string;
  clusterArn: string;
  /** Where it runs; undefined: it waits in PROVISIONING for its capacity provider to grow. */
  placement?: Placement;
  capacityProviderName?: string;
  request: PlacementRequest;
  taskId?: string;
  overrides?: Wire<TaskOverride>;
  group: string;
  startedBy?: string;
  serviceName?: string;
  deploymentId?: string;
  tags?: Tag[];
  clientToken?: string;
}

/**
 * A task just placed: PENDING on its instance, holding its CPU, memory and
 * host ports. Without a placement: PROVISIONING, holding nothing until
 * capacity arrives (placeProvisioned() then gives it an instance).
 */
export function newTask(ctx: AppContext, a: NewTaskArgs): TaskRecord {
  const id = a.taskId ?? hexId(ctx);
  const arn = taskArn(ctx.arn, a.clusterName, id);
  const containers: ContainerRecord[] = effectiveContainers(a.td, a.overrides).map((c) => ({
    containerArn: `arn:aws:ecs:${ctx.arn.region}:${ctx.arn.accountId}:container/${a.clusterName}/${id}/${ctx.ids.uuid()}`,
    taskArn: arn,
    name: c.name!,
    image: c.image,
    lastStatus: 'PENDING',
    networkBindings: [],
    healthStatus: c.healthCheck ? 'UNKNOWN' : undefined,
    cpu: String(c.cpu ?? 0),
    ...(c.memory !== undefined ? { memory: String(c.memory) } : {}),
    ...(c.memoryReservation !== undefined ? { memoryReservation: String(c.memoryReservation) } : {}),
  }));
  return {
    taskArn: arn,
    taskId: id,
    clusterName: a.clusterName,
    clusterArn: a.clusterArn,
    taskDefinitionArn: a.td.taskDefinitionArn,
    family: a.td.family,
    revision: a.td.revision,
    lastStatus: a.placement ? 'PENDING' : 'PROVISIONING',
    desiredStatus: 'RUNNING',
    group: a.group,
    ...(a.startedBy ? { startedBy: a.startedBy } : {}),
    ...(a.serviceName ? { serviceName: a.serviceName } : {}),
    ...(a.deploymentId ? { deploymentId: a.deploymentId } : {}),
    launchType: 'EC2',
    ...(a.capacityProviderName ? { capacityProviderName: a.capacityProviderName } : {}),
    cpu: String(a.request.cpu),
    memory: String(a.request.memory),
    overrides: a.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    containers,
    attachments: [],
    healthStatus: 'UNKNOWN',
    connectivity: 'CONNECTED',
    createdAt: ctx.clock.now() / 1000,
    tags: a.tags ?? [],
    ...(a.placement
      ? placedOn(a.placement, a.request, a.group)
      : { hostPorts: [], waitingPlacement: { constraints: a.request.constraints, strategy: a.request.strategy } }),
    ...(a.clientToken ? { clientToken: a.clientToken } : {}),
  };
}

/** What a task placed on an instance holds there: its instance, CPU, memory, group count and host ports. */
export function placedOn(placement: Placement, request: Pick<PlacementRequest, 'cpu' | 'memory'>, group: string) {
  const ports = placement.ports;
  return {
    containerInstanceId: placement.instanceId,
    containerInstanceArn: placement.instanceArn,
    reservation: {
      cpu: request.cpu,
      memory: request.memory,
      tcpPorts: ports.filter((p) => p.protocol === 'tcp').map((p) => p.hostPort),
      udpPorts: ports.filter((p) => p.protocol === 'udp').map((p) => p.hostPort),
      group,
      computeHeld: true,
    },
    hostPorts: ports.map((p) => ({
      containerName: p.containerName,
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      protocol: p.protocol,
    })),
  };
}
