import { childIdOf } from '../../domain/arn.js';

/** A task given by id or ARN → its id, if it belongs to `cluster`. */
export function taskIdParam(value: string, cluster: string): string | undefined {
  const ref = childIdOf(value, 'task');
  if (!ref || (ref.cluster !== undefined && ref.cluster !== cluster)) return undefined;
  return ref.id;
}
