import type { DeleteCapacityProviderRequest, DeleteCapacityProviderResponse } from '@aws-sdk/client-ecs';
import { capacityProviderView } from '../../domain/capacity-provider.js';
import { clientError, invalidParameter } from '../../domain/errors.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { providerNameParam, providerNotFound } from './resolve-provider.js';

/** Deleted providers stay describable (INACTIVE) this long. */
const INACTIVE_RETENTION_SECONDS = 3600;

/** Only a provider no cluster uses can go (so no service or task uses it either). */
export async function deleteCapacityProvider(
  input: DeleteCapacityProviderRequest,
  ctx: AppContext,
): Promise<Wire<DeleteCapacityProviderResponse>> {
  if (input.cluster !== undefined)
    throw invalidParameter('cluster applies to Amazon ECS Managed Instances capacity providers, which Berth does not support.');
  const name = providerNameParam(input.capacityProvider!);
  const out = await ctx.capacityProviders.delete(name, Math.floor(ctx.clock.now() / 1000) + INACTIVE_RETENTION_SECONDS);
  if (out.associatedWith) {
    throw clientError(
      `The capacity provider cannot be deleted because it is associated with cluster: ${out.associatedWith}. Remove the capacity provider from the cluster and try again.`,
    );
  }
  if (!out.deleted) throw providerNotFound();
  // As ECS answers: still ACTIVE, deletion in progress; DescribeCapacityProviders shows INACTIVE / DELETE_COMPLETE.
  return { capacityProvider: { ...capacityProviderView(out.deleted), status: 'ACTIVE', updateStatus: 'DELETE_IN_PROGRESS' } };
}
