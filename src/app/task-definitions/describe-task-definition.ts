import type { DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import { taskDefinitionView } from '../../domain/task-definition.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';
import { requireTaskDefinition } from './resolve-task-definition.js';

export async function describeTaskDefinition(
  input: DescribeTaskDefinitionRequest,
  ctx: AppContext,
): Promise<Wire<DescribeTaskDefinitionResponse>> {
  const td = await requireTaskDefinition(ctx, input.taskDefinition!);
  return { taskDefinition: taskDefinitionView(td), ...(input.include?.includes('TAGS') ? { tags: td.tags } : {}) };
}
