/**
 * The ECS operations the console uses, as the CLI would call them. Types are
 * the SDK's own shapes as they travel (timestamps in epoch seconds).
 */
import type * as Sdk from '@aws-sdk/client-ecs';
import type { Wire } from '../../../src/domain/wire.js';
import { call, ECS } from './client.js';

export type Cluster = Wire<Sdk.Cluster>;
export type ContainerInstance = Wire<Sdk.ContainerInstance>;
export type Service = Wire<Sdk.Service>;
export type Deployment = Wire<Sdk.Deployment>;
export type ServiceEvent = Wire<Sdk.ServiceEvent>;
export type Task = Wire<Sdk.Task>;
export type Container = Wire<Sdk.Container>;
export type NetworkBinding = Wire<Sdk.NetworkBinding>;
export type TaskDefinition = Wire<Sdk.TaskDefinition>;
export type Failure = Wire<Sdk.Failure>;

const ecs = <T>(operation: string, input: object = {}) => call<T>(ECS, operation, input);

/** Every page of a List* operation. */
async function listAll<K extends string>(operation: string, input: object, key: K): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs<Record<K, string[]> & { nextToken?: string }>(operation, { ...input, ...(nextToken ? { nextToken } : {}) });
    out.push(...(page[key] ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** Describe* in batches of `size` (the API's limit per call). */
async function describeInBatches<T>(ids: string[], size: number, describe: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += size) batches.push(ids.slice(i, i + size));
  return (await Promise.all(batches.map(describe))).flat();
}

export async function listClusters(): Promise<Cluster[]> {
  const arns = await listAll('ListClusters', {}, 'clusterArns');
  const clusters = await describeInBatches(arns, 100, async (clusters) => {
    const out = await ecs<{ clusters?: Cluster[] }>('DescribeClusters', { clusters, include: ['STATISTICS'] });
    return out.clusters ?? [];
  });
  return clusters.sort((a, b) => (a.clusterName ?? '').localeCompare(b.clusterName ?? ''));
}

export async function describeCluster(cluster: string): Promise<Cluster | undefined> {
  const out = await ecs<{ clusters?: Cluster[] }>('DescribeClusters', { clusters: [cluster] });
  return out.clusters?.[0];
}

export async function listInstances(cluster: string): Promise<ContainerInstance[]> {
  const arns = await listAll('ListContainerInstances', { cluster }, 'containerInstanceArns');
  return describeInBatches(arns, 100, async (containerInstances) => {
    const out = await ecs<{ containerInstances?: ContainerInstance[] }>('DescribeContainerInstances', { cluster, containerInstances });
    return out.containerInstances ?? [];
  });
}

export async function listServices(cluster: string): Promise<Service[]> {
  const arns = await listAll('ListServices', { cluster }, 'serviceArns');
  const services = await describeInBatches(arns, 10, async (services) => {
    const out = await ecs<{ services?: Service[] }>('DescribeServices', { cluster, services });
    return out.services ?? [];
  });
  return services.sort((a, b) => (a.serviceName ?? '').localeCompare(b.serviceName ?? ''));
}

export async function describeService(cluster: string, service: string): Promise<Service | undefined> {
  const out = await ecs<{ services?: Service[]; failures?: Failure[] }>('DescribeServices', { cluster, services: [service] });
  return out.services?.[0];
}

/** Live tasks (desired RUNNING), optionally of one service, plus the most recently stopped ones. */
export async function listTasks(cluster: string, filter: { serviceName?: string } = {}): Promise<Task[]> {
  const [running, stopped] = await Promise.all([
    listAll('ListTasks', { cluster, ...filter }, 'taskArns'),
    ecs<{ taskArns?: string[] }>('ListTasks', { cluster, ...filter, desiredStatus: 'STOPPED', maxResults: 10 }).then(
      (o) => o.taskArns ?? [],
    ),
  ]);
  return describeTasks(cluster, [...running, ...stopped]);
}

export async function describeTasks(cluster: string, taskArns: string[]): Promise<Task[]> {
  return describeInBatches(taskArns, 100, async (tasks) => {
    const out = await ecs<{ tasks?: Task[] }>('DescribeTasks', { cluster, tasks });
    return out.tasks ?? [];
  });
}

export async function describeTask(cluster: string, task: string): Promise<Task | undefined> {
  return (await describeTasks(cluster, [task]))[0];
}

export const listFamilies = () => listAll('ListTaskDefinitionFamilies', { status: 'ACTIVE' }, 'families');

/** Active revisions' ARNs, newest first; all families, or those starting with `familyPrefix`. */
export const listRevisions = (familyPrefix?: string) =>
  listAll('ListTaskDefinitions', { ...(familyPrefix ? { familyPrefix } : {}), sort: 'DESC', status: 'ACTIVE' }, 'taskDefinitionArns');

export async function describeTaskDefinition(taskDefinition: string): Promise<TaskDefinition> {
  const out = await ecs<{ taskDefinition: TaskDefinition }>('DescribeTaskDefinition', { taskDefinition });
  return out.taskDefinition;
}

export async function registerTaskDefinition(input: object): Promise<TaskDefinition> {
  const out = await ecs<{ taskDefinition: TaskDefinition }>('RegisterTaskDefinition', input);
  return out.taskDefinition;
}

export async function createService(input: object): Promise<Service> {
  const out = await ecs<{ service: Service }>('CreateService', input);
  return out.service;
}

export async function updateService(input: { cluster: string; service: string; desiredCount?: number; forceNewDeployment?: boolean }) {
  const out = await ecs<{ service: Service }>('UpdateService', input);
  return out.service;
}

export const stopTask = (cluster: string, task: string, reason: string) => ecs<{ task: Task }>('StopTask', { cluster, task, reason });

export async function setInstanceState(cluster: string, containerInstance: string, status: 'DRAINING' | 'ACTIVE') {
  const out = await ecs<{ failures?: Failure[] }>('UpdateContainerInstancesState', {
    cluster,
    containerInstances: [containerInstance],
    status,
  });
  const failure = out.failures?.[0];
  if (failure) throw new Error(`${failure.reason ?? 'Failure'}${failure.detail ? `: ${failure.detail}` : ''}`);
}
