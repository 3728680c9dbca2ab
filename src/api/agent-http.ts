import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { agentPoll, type AgentPollDeps } from '../app/agent-calls/agent-poll.js';
import { invalidParameter } from '../domain/errors.js';
import type { TaskDefinitionRecord } from '../domain/task-definition.js';
import { InvalidMessageError, parsePollRequest } from '../protocol/index.js';
import type { Logger } from '../logging/logger.js';
import { errorResponse, parseBody, respond, type HttpRequest, type HttpResponse } from './aws-json.js';

/** `POST /agent/v1/poll` (docs/agent-protocol.md): plain JSON, ECS-shaped errors. */
export async function handleAgentPoll(
  req: HttpRequest,
  ctx: AppContext,
  log: Pick<Logger, 'error'>,
  deps: AgentPollDeps,
): Promise<HttpResponse> {
  const requestId = randomUUID();
  try {
    const out = await agentPoll(parsePollMessage(parseBody(req)), ctx, deps);
    return respond(200, requestId, out, 'application/json');
  } catch (err) {
    return errorResponse(err, requestId, 'AgentPoll', log);
  }
}

/** The protocol's one parser; what it refuses is the caller's mistake (InvalidParameterException). */
function parsePollMessage(body: unknown) {
  try {
    return parsePollRequest(body);
  } catch (err) {
    if (err instanceof InvalidMessageError) throw invalidParameter(err.message);
    throw err;
  }
}

/** Revisions never change once registered (only their status), so agents' lookups are cached per process. */
export function cachedDefinitions(ctx: AppContext) {
  const cache = new Map<string, Promise<TaskDefinitionRecord | undefined>>();
  return (family: string, revision: number) => {
    const key = `${family}:${revision}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = ctx.taskDefinitions.get(family, revision);
      cache.set(key, hit);
      hit.then(
        (td) => (td ? undefined : cache.delete(key)),
        () => cache.delete(key),
      );
    }
    return hit;
  };
}
