import { isArn, parseArn } from '../../domain/arn.js';
import { clientError } from '../../domain/errors.js';
import type { TaskDefinitionRecord, TaskDefinitionRef } from '../../domain/task-definition.js';
import type { AppContext } from '../context.js';

/** `family`, `family:revision`, or a task-definition ARN → family and optional revision. */
export function parseTaskDefinitionRef(value: string): TaskDefinitionRef {
  let body = value;
  if (isArn(value)) {
    const arn = parseArn(value);
    if (arn?.kind !== 'task-definition') throw clientError(`Invalid task definition: ${value}`);
    body = arn.resource;
  }
  const colon = body.lastIndexOf(':');
  if (colon < 0) return { family: body };
  const revision = Number(body.slice(colon + 1));
  if (!Number.isInteger(revision) || revision < 1) throw clientError(`Invalid revision number. Number: ${body.slice(colon + 1)}`);
  return { family: body.slice(0, colon), revision };
}

/**
 * The definition a request names; a bare family means its latest ACTIVE
 * revision. INACTIVE revisions stay reachable by explicit revision, as in ECS.
 */
export async function findTaskDefinition(ctx: AppContext, value: string): Promise<TaskDefinitionRecord | undefined> {
  const ref = parseTaskDefinitionRef(value);
  const td =
    ref.revision === undefined
      ? await ctx.taskDefinitions.latestActive(ref.family)
      : await ctx.taskDefinitions.get(ref.family, ref.revision);
  return td && td.status !== 'DELETE_IN_PROGRESS' ? td : undefined;
}

export async function requireTaskDefinition(ctx: AppContext, value: string): Promise<TaskDefinitionRecord> {
  const td = await findTaskDefinition(ctx, value);
  if (!td) throw clientError('Unable to describe task definition.');
  return td;
}
