/** Task definitions: naming, and turning a revision back into RegisterTaskDefinition input. */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { Wire } from '../../../src/domain/wire.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not take. */
const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/** The revision as the JSON to register its successor from (what `aws ecs register-task-definition --cli-input-json` takes). */
export function registrableInput(td: Wire<TaskDefinition>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...td };
  for (const key of READ_ONLY) delete input[key];
  for (const [key, value] of Object.entries(input)) if (value === undefined || value === null) delete input[key];
  return input;
}

export type ParsedDefinition = { ok: true; input: Record<string, unknown> } | { ok: false; error: string };

/** The form's text → an object to send; the API judges the rest (and its refusal is shown verbatim). */
export function parseDefinitionJson(text: string): ParsedDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'The task definition must be a JSON object.' };
  // `aws ecs describe-task-definition` output pasted whole: take the definition inside.
  const inner = (value as { taskDefinition?: unknown }).taskDefinition;
  const input =
    typeof inner === 'object' && inner !== null ? registrableInput(inner as Wire<TaskDefinition>) : (value as Record<string, unknown>);
  return { ok: true, input };
}

/** `family:revision` of a task definition ARN (or of `family:revision` itself). */
export function familyRevision(arnOrName: string): { family: string; revision?: number; label: string } {
  const name = arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
  const [family, rev] = name.split(':');
  const revision = rev ? Number(rev) : undefined;
  return { family, revision, label: revision ? `${family}:${revision}` : family };
}
