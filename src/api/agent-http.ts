import type { AppContext } from '../app/context.js';
import { poll, type PollDeps, type PollRequest } from '../app/agent/poll.js';
import type { TaskDefinitionRecord } from '../domain/task-definition.js';
import { errorResponse } from './aws-json.js';
import { deadlineMs, withDeadline } from './deadline.js';
import { ECS_ERRORS } from './ecs/ecs-service.js';
import { header, newRequestId, respond, type HttpRequest, type HttpResponse, type Logger } from './http.js';
import { readJsonBody } from './json-body.js';
import { AGENT_POLL_LIMITS } from './limits.js';
import { RequestRefused } from './refusal.js';

const CONTENT_TYPE = 'application/json';

/**
 * `POST /agent/v1/poll` (docs/agent-protocol.md): plain JSON, ECS-shaped
 * errors. The HTTP-level caps (content type, body size, nesting, string
 * length, a JSON object) apply before the protocol's own parser sees the body.
 */
export async function handleAgentPoll(
  req: HttpRequest,
  ctx: AppContext,
  log: Logger,
  deps: PollDeps,
  opts: { remainingMs?: () => number } = {},
): Promise<HttpResponse> {
  const requestId = newRequestId();
  try {
    const type = header(req.headers, 'content-type');
    if (type !== undefined && type.split(';')[0].trim().toLowerCase() !== CONTENT_TYPE) {
      throw new RequestRefused('serialization', `The agent protocol speaks ${CONTENT_TYPE}, not ${type.slice(0, 64)}.`);
    }
    const body = readJsonBody(req, AGENT_POLL_LIMITS);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new RequestRefused('serialization', 'The poll body must be a JSON object.');
    const out = await withDeadline(poll(body as PollRequest, ctx, deps), deadlineMs(opts.remainingMs));
    return respond(200, requestId, out, CONTENT_TYPE);
  } catch (err) {
    return errorResponse(err, { requestId, operation: 'AgentPoll', log, errors: ECS_ERRORS, contentType: CONTENT_TYPE });
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
