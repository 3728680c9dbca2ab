import type { RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import { taskDefinitionArn } from '../../domain/arn.js';
import { checkTags } from '../../domain/tags.js';
import { buildTaskDefinition, taskDefinitionView } from '../../domain/task-definition.js';
import { checkTaskDefinition } from '../../domain/task-definition-rules.js';
import type { Wire } from '../../domain/wire.js';
import type { AppContext } from '../context.js';

export async function registerTaskDefinition(
  input: RegisterTaskDefinitionRequest,
  ctx: AppContext,
): Promise<Wire<RegisterTaskDefinitionResponse>> {
  checkTaskDefinition(input);
  checkTags(input.tags ?? []);
  const family = input.family!;
  const registeredBy = `arn:aws:iam::${ctx.arn.accountId}:root`;
  const now = ctx.clock.now();
  const record = await ctx.taskDefinitions.register(family, (revision) =>
    buildTaskDefinition(input, revision, taskDefinitionArn(ctx.arn, family, revision), now, registeredBy),
  );
  return { taskDefinition: taskDefinitionView(record), tags: record.tags };
}
