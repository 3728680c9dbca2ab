import type {
  DescribeServiceDeploymentsResponse,
  DescribeServiceRevisionsResponse,
  Failure,
  ListServiceDeploymentsResponse,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceRevision,
} from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';
import type { ServiceRecord } from '../../domain/service.js';
import {
  FINISHED,
  parseHistoryArn,
  type HistoryRef,
  type ServiceDeploymentRecord,
  type ServiceDeploymentStatus,
  type ServiceRevisionRecord,
} from '../../domain/service-deployment.js';
import type { Wire } from '../../domain/wire.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';
import { requireService } from './resolve-service.js';

/** ECS: 20 results a page unless maxResults says otherwise (1..100); Describe* take at most 20 ARNs. */
const DEFAULT_PAGE = 20;

export interface ListServiceDeploymentsInput {
  service: string;
  cluster?: string;
  status?: ServiceDeploymentStatus[];
  /** Epoch seconds on the wire. */
  createdAt?: { before?: number; after?: number };
  nextToken?: string;
  maxResults?: number;
}

/** A service's deployments, newest first; only those since the service (of that name) was created. */
export async function listServiceDeployments(
  input: ListServiceDeploymentsInput,
  ctx: AppContext,
): Promise<Wire<ListServiceDeploymentsResponse>> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const { record } = await requireService(ctx, cluster.clusterName, input.service);
  const { before, after } = input.createdAt ?? {};
  if (before !== undefined && after !== undefined && after > before) {
    throw invalidParameter('createdAt.after must not be later than createdAt.before.');
  }
  const page = await ctx.serviceHistory.listDeployments({
    cluster: cluster.clusterName,
    service: record.serviceName,
    // An earlier service of the same name (deleted, then created again) is not this one.
    createdAfter: Math.max(after ?? 0, record.createdAt),
    ...(before !== undefined && { createdBefore: before }),
    ...(input.status?.length && { statuses: input.status }),
    limit: pageLimit(input.maxResults ?? DEFAULT_PAGE),
    ...(input.nextToken !== undefined && { nextToken: input.nextToken }),
  });
  return {
    serviceDeployments: page.items.map(briefView),
    ...(page.nextToken && { nextToken: page.nextToken }),
  };
}

export async function describeServiceDeployments(
  input: { serviceDeploymentArns: string[] },
  ctx: AppContext,
): Promise<Wire<DescribeServiceDeploymentsResponse>> {
  const { found, failures } = await readHistory(ctx, input.serviceDeploymentArns, 'service-deployment', (refs) =>
    ctx.serviceHistory.getDeployments(refs).then((items) => items.map((d) => [d.serviceDeploymentArn, d] as const)),
  );
  const services = await liveServices(
    ctx,
    found.map(([ref]) => ref),
  );
  return {
    serviceDeployments: found.map(([ref, d]) => deploymentView(d, services.get(serviceKey(ref)))),
    failures,
  };
}

export async function describeServiceRevisions(
  input: { serviceRevisionArns: string[] },
  ctx: AppContext,
): Promise<Wire<DescribeServiceRevisionsResponse>> {
  const { found, failures } = await readHistory(ctx, input.serviceRevisionArns, 'service-revision', (refs) =>
    ctx.serviceHistory.getRevisions(refs).then((items) => items.map((r) => [r.serviceRevisionArn, r] as const)),
  );
  return { serviceRevisions: found.map(([, r]) => revisionView(r)), failures };
}

/**
 * ARNs → the stored items, in the order asked, each once; a malformed ARN is
 * refused (InvalidParameterException), one that names nothing stored is a
 * `MISSING` failure, as ECS answers for history it does not have.
 */
async function readHistory<T>(
  ctx: AppContext,
  arns: readonly string[],
  kind: 'service-deployment' | 'service-revision',
  read: (refs: HistoryRef[]) => Promise<(readonly [string, T])[]>,
): Promise<{ found: [HistoryRef, T][]; failures: Wire<Failure>[] }> {
  const what = kind === 'service-deployment' ? 'service deployment' : 'service revision';
  const refs = new Map<string, HistoryRef | undefined>();
  for (const arn of arns) {
    const ref = parseHistoryArn(arn, kind);
    if (!ref) throw invalidParameter(`Invalid ${what} ARN: ${arn.slice(0, 300)}`);
    refs.set(arn, ref.region === ctx.arn.region && ref.accountId === ctx.arn.accountId ? ref : undefined);
  }
  const wanted = [...refs.values()].filter((r): r is HistoryRef => r !== undefined);
  const stored = new Map(wanted.length ? await read(wanted) : []);
  const found: [HistoryRef, T][] = [];
  const failures: Wire<Failure>[] = [];
  for (const [arn, ref] of refs) {
    const item = stored.get(arn);
    if (ref && item !== undefined) found.push([ref, item]);
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { found, failures };
}

const serviceKey = (ref: Pick<HistoryRef, 'cluster' | 'service'>) => `${ref.cluster}/${ref.service}`;

/** The services the deployments belong to, as they are now: an unfinished deployment shows live task counts. */
async function liveServices(ctx: AppContext, refs: readonly HistoryRef[]): Promise<Map<string, ServiceRecord>> {
  const byCluster = new Map<string, Set<string>>();
  for (const r of refs) byCluster.set(r.cluster, (byCluster.get(r.cluster) ?? new Set()).add(r.service));
  const out = new Map<string, ServiceRecord>();
  for (const [cluster, names] of byCluster) {
    const services = await ctx.services.getMany(cluster, [...names]);
    for (const [name, s] of services) out.set(serviceKey({ cluster, service: name }), s.record);
  }
  return out;
}

function briefView(d: ServiceDeploymentRecord): Wire<ServiceDeploymentBrief> {
  return {
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceArn: d.serviceArn,
    clusterArn: d.clusterArn,
    ...(d.startedAt !== undefined && { startedAt: d.startedAt }),
    createdAt: d.createdAt,
    ...(d.finishedAt !== undefined && { finishedAt: d.finishedAt }),
    targetServiceRevisionArn: d.targetServiceRevision?.arn,
    status: d.status,
    statusReason: d.statusReason,
  };
}

/**
 * The stored service deployment; while it is unfinished and its service still
 * lists it, the task counts and failures are the service's own, as they are now.
 */
export function deploymentView(d: ServiceDeploymentRecord, service: ServiceRecord | undefined): Wire<ServiceDeployment> {
  const live = service && !FINISHED.has(d.status) ? service.deployments : [];
  const current = live.find((x) => x.id === d.deploymentId);
  const counts = (arn: string, fallback: ServiceDeploymentRecord['targetServiceRevision']) => {
    const x = arn === d.targetServiceRevision?.arn ? current : undefined;
    return x
      ? { ...fallback, requestedTaskCount: x.desiredCount, runningTaskCount: x.runningCount, pendingTaskCount: x.pendingCount }
      : fallback;
  };
  return {
    serviceDeploymentArn: d.serviceDeploymentArn,
    serviceArn: d.serviceArn,
    clusterArn: d.clusterArn,
    createdAt: d.createdAt,
    ...(d.startedAt !== undefined && { startedAt: d.startedAt }),
    ...(d.finishedAt !== undefined && { finishedAt: d.finishedAt }),
    ...(d.stoppedAt !== undefined && { stoppedAt: d.stoppedAt }),
    updatedAt: d.updatedAt,
    sourceServiceRevisions: d.sourceServiceRevisions ?? [],
    ...(d.targetServiceRevision && { targetServiceRevision: counts(d.targetServiceRevision.arn, d.targetServiceRevision) }),
    status: d.status,
    statusReason: d.statusReason,
    ...(d.deploymentConfiguration && { deploymentConfiguration: d.deploymentConfiguration }),
    ...(d.rollback && { rollback: d.rollback }),
    ...(d.deploymentCircuitBreaker && {
      deploymentCircuitBreaker: current ? { ...d.deploymentCircuitBreaker, failureCount: current.failedTasks } : d.deploymentCircuitBreaker,
    }),
    ...(d.alarms && { alarms: d.alarms }),
  } as Wire<ServiceDeployment>;
}

function revisionView(r: ServiceRevisionRecord): Wire<ServiceRevision> {
  return {
    serviceRevisionArn: r.serviceRevisionArn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.taskDefinition,
    ...(r.capacityProviderStrategy?.length ? { capacityProviderStrategy: r.capacityProviderStrategy } : { launchType: r.launchType }),
    loadBalancers: r.loadBalancers,
    serviceRegistries: [],
    createdAt: r.createdAt,
  };
}
