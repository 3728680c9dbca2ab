import { childIdOf } from '../../domain/arn.js';
import { serviceNotFound } from '../../domain/errors.js';
import type { VersionedService } from '../../ports/service-repository.js';
import type { AppContext } from '../context.js';

/** A service given by name or ARN → its name, if it belongs to `cluster`. */
export function serviceNameParam(value: string, cluster: string): string | undefined {
  const ref = childIdOf(value, 'service');
  if (!ref || (ref.cluster !== undefined && ref.cluster !== cluster)) return undefined;
  return ref.id;
}

export async function requireService(ctx: AppContext, cluster: string, value: string): Promise<VersionedService> {
  const name = serviceNameParam(value, cluster);
  const found = name ? await ctx.services.get(cluster, name) : undefined;
  if (!found) throw serviceNotFound();
  return found;
}
