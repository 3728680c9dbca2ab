import type {
  DeleteTaskDefinitionsRequest,
  DeleteTaskDefinitionsResponse,
  DeregisterTaskDefinitionRequest,
  DeregisterTaskDefinitionResponse,
  Failure,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { taskDefinitionArn } from '../../domain/arn.js';
import { clientError } from '../../domain/errors.js';
import { taskDefinitionView } from '../../domain/task-definition.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { parseTaskDefinitionRef } from './resolve-task-definition.js';

/** Deleted definitions stay describable (DELETE_IN_PROGRESS) this long. */
const DELETE_RETENTION_SECONDS = 3600;

function exactRef(value: string) {
  const ref = parseTaskDefinitionRef(value);
  if (ref.revision === undefined)
    throw clientError(
      'The specified task definition identifier is invalid. Specify a valid name or ARN and try again. A revision is required.',
    );
  return ref as { family: string; revision: number };
}

export async function deregisterTaskDefinition(
  input: DeregisterTaskDefinitionRequest,
  ctx: AppContext,
): Promise<Wire<DeregisterTaskDefinitionResponse>> {
  const ref = exactRef(input.taskDefinition!);
  const td = await ctx.taskDefinitions.deregister(ref.family, ref.revision, ctx.clock.now());
  if (!td || td.status === 'DELETE_IN_PROGRESS') throw clientError('The specified task definition does not exist.');
  return { taskDefinition: taskDefinitionView(td) };
}

export async function deleteTaskDefinitions(
  input: DeleteTaskDefinitionsRequest,
  ctx: AppContext,
): Promise<Wire<DeleteTaskDefinitionsResponse>> {
  if ((input.taskDefinitions ?? []).length > 10) throw clientError('You can specify at most 10 task definitions.');
  const taskDefinitions: Wire<TaskDefinition>[] = [];
  const failures: Failure[] = [];
  const expiresAt = Math.floor(ctx.clock.now() / 1000) + DELETE_RETENTION_SECONDS;
  for (const value of input.taskDefinitions ?? []) {
    let ref: { family: string; revision: number };
    try {
      ref = exactRef(value);
    } catch (err) {
      failures.push({
        arn: value,
        reason: 'The specified task definition identifier is invalid. Specify a valid name or ARN and try again.',
        detail: (err as Error).message,
      });
      continue;
    }
    const arn = taskDefinitionArn(ctx.arn, ref.family, ref.revision);
    const td = await ctx.taskDefinitions.markDeleted(ref.family, ref.revision, expiresAt);
    if (!td)
      failures.push({
        arn,
        reason: 'The specified task definition does not exist. Specify a valid account, family, revision and try again.',
      });
    else if (td.status === 'ACTIVE')
      failures.push({
        arn,
        reason: 'The specified task definition is still in ACTIVE status. Please deregister the target and try again.',
      });
    else taskDefinitions.push(taskDefinitionView(td));
  }
  return { taskDefinitions, failures };
}
