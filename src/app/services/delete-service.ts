import type { DeleteServiceRequest } from '@aws-sdk/client-ecs';
import { invalidParameter, serviceNotActive } from '../../domain/errors.js';
import { CONFLICT, retryOnConflict } from '../../ports/retry-on-conflict.js';
import { requireActiveCluster } from '../clusters/resolve-cluster.js';
import type { AppContext } from '../context.js';
import { requireService } from './resolve-service.js';
import { serviceView, type ServiceView } from './service-view.js';

/** ACTIVE → DRAINING now; the reconciler stops its tasks and then makes it INACTIVE. */
export async function deleteService(input: DeleteServiceRequest, ctx: AppContext): Promise<{ service: ServiceView }> {
  const cluster = await requireActiveCluster(ctx, input.cluster);
  return retryOnConflict(`DeleteService ${input.service}`, ctx.conflictRetry, async () => {
    const { record, version } = await requireService(ctx, cluster.clusterName, input.service!);
    if (record.status !== 'ACTIVE') throw serviceNotActive();
    if (record.desiredCount > 0 && !input.force) {
      throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
    }
    const next = {
      ...record,
      status: 'DRAINING' as const,
      desiredCount: 0,
      deployments: record.deployments.map((d) => ({ ...d, desiredCount: 0 })),
    };
    if (!(await ctx.services.put(next, version))) return CONFLICT;
    await ctx.services.markDirty(cluster.clusterName, record.serviceName, ctx.clock.now());
    ctx.reconcile.request(cluster.clusterName);
    return { service: serviceView(next) };
  });
}
