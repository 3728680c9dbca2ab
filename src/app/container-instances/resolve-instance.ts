import { childIdOf } from '../../domain/arn.js';

/** A container instance given by id or ARN → its id, if it belongs to `cluster`. */
export function instanceIdParam(value: string, cluster: string): string | undefined {
  const ref = childIdOf(value, 'container-instance');
  if (!ref || (ref.cluster !== undefined && ref.cluster !== cluster)) return undefined;
  return ref.id;
}
