import type { Failure } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../domain/errors.js';

/**
 * The Describe* pattern: resolve each requested name/ARN to an id (those that
 * don't parse are MISSING as given), fetch the ids in one batch, answer what
 * was found in request order and a MISSING failure, by ARN, for the rest.
 */
export async function describeMany<R, V>(args: {
  values: readonly string[];
  max: number;
  what: string;
  parse: (value: string) => string | undefined;
  fetch: (ids: string[]) => Promise<Map<string, R>>;
  arnOf: (id: string) => string;
  view: (record: R) => V;
}): Promise<{ found: V[]; failures: Failure[] }> {
  if (args.values.length > args.max) throw invalidParameter(`At most ${args.max} ${args.what} can be described at once.`);
  const failures: Failure[] = [];
  const ids: string[] = [];
  for (const value of args.values) {
    const id = args.parse(value);
    if (id) ids.push(id);
    else failures.push({ arn: value, reason: 'MISSING' });
  }
  const records = await args.fetch(ids);
  for (const id of ids) if (!records.has(id)) failures.push({ arn: args.arnOf(id), reason: 'MISSING' });
  return { found: ids.filter((id) => records.has(id)).map((id) => args.view(records.get(id)!)), failures };
}
