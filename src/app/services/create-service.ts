import type { CreateServiceRequest } from '@aws-sdk/client-ecs';
import { serviceArn } from '../../domain/arn.js';
import { clientError, invalidParameter } from '../../domain/errors.js';
import type { ServiceRecord } from '../../domain/service.js';
import { checkTags } from '../../domain/tags.js';
import { NAME_RE } from '../../domain/task-definition-rules.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { requestFingerprint } from '../ids.js';
import { requireTaskDefinition } from '../task-definitions/resolve-task-definition.js';
import { resolveCapacity } from '../capacity-providers/strategy.js';
import { checkPlacementInput } from '../tasks/placement-request.js';
import { checkDaemonInput, DAEMON_DEPLOYMENT_DEFAULTS } from './daemon-rules.js';
import { deploymentConfiguration } from './deployment-configuration.js';
import { checkLoadBalancers } from './load-balancer-config.js';
import { newDeployment } from './new-deployment.js';
import { serviceView, type ServiceView } from './service-view.js';
import { checkRunnable } from '../../domain/task-definition-runtime.js';

const CLIENT_TOKEN_TTL_SECONDS = 24 * 3600;
const notIdempotent = () => invalidParameter('Creation of service was not idempotent.');

export async function createService(input: CreateServiceRequest, ctx: AppContext): Promise<{ service: ServiceView }> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  const name = input.serviceName!;
  if (!NAME_RE.test(name))
    throw invalidParameter('Service name must be 1-255 letters (uppercase and lowercase), numbers, underscores, and hyphens.');
  const daemon = input.schedulingStrategy === 'DAEMON';
  if (daemon) checkDaemonInput(input);
  if (input.launchType === 'FARGATE')
    throw invalidParameter('Berth runs services on container instances: launchType FARGATE is not supported; use EC2 or EXTERNAL.');
  if (input.deploymentController && input.deploymentController.type !== 'ECS')
    throw invalidParameter('Berth supports the ECS (rolling update) deployment controller only.');
  if (input.desiredCount === undefined && !daemon) throw invalidParameter('desiredCount is required when schedulingStrategy is REPLICA.');
  const desiredCount = daemon ? 0 : input.desiredCount!;
  if (desiredCount < 0) throw invalidParameter('desiredCount must not be negative.');
  if (!input.taskDefinition) throw invalidParameter('taskDefinition is required.');
  if (input.clientToken !== undefined && !/^[\x21-\x7e]{1,36}$/.test(input.clientToken)) {
    throw invalidParameter('clientToken must be up to 36 ASCII characters in the range 33-126.');
  }
  checkTags(input.tags ?? []);
  checkPlacementInput(input.placementConstraints, input.placementStrategy);
  const capacity = resolveCapacity(cluster, input.launchType, input.capacityProviderStrategy);
  const strategy = 'strategy' in capacity ? capacity.strategy : undefined;
  const config = deploymentConfiguration(input.deploymentConfiguration, daemon ? DAEMON_DEPLOYMENT_DEFAULTS : undefined);
  const td = await requireTaskDefinition(ctx, input.taskDefinition);
  if (td.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  checkRunnable(td);
  const loadBalancers = await checkLoadBalancers(ctx, input.loadBalancers ?? [], td);

  const fingerprint = requestFingerprint(input);
  const scope = `CreateService#${cluster.clusterName}`;
  const token = input.clientToken;
  if (token) {
    const claimed = await ctx.idempotency.claim(scope, token, fingerprint, Math.floor(ctx.clock.now() / 1000) + CLIENT_TOKEN_TTL_SECONDS);
    if (claimed) {
      if (claimed.fingerprint !== fingerprint) throw notIdempotent();
      const existing = await ctx.services.get(cluster.clusterName, name);
      if (existing && existing.record.clientToken === token) return { service: serviceView(existing.record, ['TAGS']) };
      // The first call died before creating the service (or is about to): create it here; the name decides who wins.
    }
  }
  const now = ctx.clock.now();
  const record: ServiceRecord = {
    serviceName: name,
    serviceArn: serviceArn(ctx.arn, cluster.clusterName, name),
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn,
    status: 'ACTIVE',
    desiredCount,
    runningCount: 0,
    pendingCount: 0,
    taskDefinition: td.taskDefinitionArn,
    deployments: [newDeployment(ctx, td.taskDefinitionArn, desiredCount, strategy)],
    deploymentConfiguration: config,
    placementConstraints: input.placementConstraints ?? [],
    placementStrategy: input.placementStrategy ?? [],
    loadBalancers,
    ...(input.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds } : {}),
    schedulingStrategy: daemon ? 'DAEMON' : 'REPLICA',
    launchType: 'EC2',
    ...(strategy ? { capacityProviderStrategy: strategy } : {}),
    events: [],
    createdAt: now / 1000,
    createdBy: `arn:aws:iam::${ctx.arn.accountId}:root`,
    ...(input.clientToken ? { clientToken: input.clientToken } : {}),
    tags: input.tags ?? [],
    enableECSManagedTags: input.enableECSManagedTags ?? false,
    propagateTags: input.propagateTags ?? 'NONE',
    dirtyAt: now,
    reconciledAt: 0,
  };
  const created = await ctx.services.create(record);
  if (!created) {
    // A live service of that name: ours if a call with this token created it (ECS answers it again), else a conflict.
    const existing = token ? await ctx.services.get(cluster.clusterName, name) : undefined;
    if (existing && existing.record.clientToken === token) return { service: serviceView(existing.record, ['TAGS']) };
    if (token) await ctx.idempotency.release(scope, token);
    throw notIdempotent();
  }
  if (token) {
    await ctx.idempotency.complete({
      scope,
      token,
      outcome: { fingerprint, result: [name], failures: [] },
      expiresAt: Math.floor(now / 1000) + CLIENT_TOKEN_TTL_SECONDS,
    });
  }
  ctx.reconcile.request(cluster.clusterName);
  return { service: serviceView(created.record, ['TAGS']) };
}
