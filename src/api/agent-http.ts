import type { AppContext } from '../app/context.js';
import { agentPoll, type AgentPollDeps } from '../app/agent-calls/agent-poll.js';
import { definitionCache } from '../app/agent-calls/definition-cache.js';
import { joinCluster } from '../app/agent-calls/join-cluster.js';
import type { SecurityStores } from '../app/security/security-stores.js';
import { AuthFailure } from '../auth/auth-failure.js';
import { authorize } from '../auth/authorize.js';
import { authenticateRequest, type RequestAuth } from '../auth/request-auth.js';
import type { Logger } from '../logging/logger.js';
import { AGENT_CONTENT_TYPE, InvalidMessageError, parsePollRequest, REGISTER_PATH, type PollRequest } from '../protocol/index.js';
import { errorResponse } from './aws-json.js';
import { deadlineMs, withDeadline } from './deadline.js';
import { pollResources } from './ecs/ecs-authorization.js';
import { ECS_ERRORS, ecsModel } from './ecs/ecs-service.js';
import { header, newRequestId, respond, signedRequest, type HttpRequest, type HttpResponse } from './http.js';
import { checkBodySize, readJsonBody } from './json-body.js';
import { AGENT_POLL_LIMITS, AWS_JSON_LIMITS } from './limits.js';
import { validateInput } from './model/validate.js';
import { RequestRefused } from './refusal.js';

const CONTENT_TYPE = AGENT_CONTENT_TYPE;

export interface AgentApiDeps extends AgentPollDeps {
  /** Every poll is signed (SigV4, service `ecs`) by the instance's own key, or by a key allowed `ecs:Poll` on it. */
  auth?: RequestAuth;
  /** Registration with a join token issues the instance's key. */
  security?: SecurityStores;
  log?: Pick<Logger, 'warn'>;
}

type Opts = { remainingMs?: () => number };

/** The Berth agent endpoints (docs/agent-protocol.md), told apart by path. */
export function handleAgentRequest(
  req: HttpRequest,
  ctx: AppContext,
  log: Logger,
  deps: AgentApiDeps,
  opts: Opts = {},
): Promise<HttpResponse> {
  return req.path === REGISTER_PATH ? handleJoin(req, ctx, log, deps, opts) : handleAgentPoll(req, ctx, log, deps, opts);
}

/**
 * `POST /agent/v1/poll`: plain JSON, ECS-shaped errors. The signature is
 * checked first; then the HTTP-level caps (content type, body size, nesting,
 * string length, a JSON object) before the protocol's own parser sees the
 * body (parsePollRequest; what it refuses is InvalidParameterException);
 * then `ecs:Poll` on the instance the body names.
 */
export async function handleAgentPoll(
  req: HttpRequest,
  ctx: AppContext,
  log: Logger,
  deps: AgentApiDeps,
  opts: Opts = {},
): Promise<HttpResponse> {
  const requestId = newRequestId();
  try {
    checkBodySize(req, AGENT_POLL_LIMITS);
    const principal = deps.auth ? await authenticateRequest(deps.auth, signedRequest(req)) : undefined;
    if (principal instanceof AuthFailure) throw principal;
    const body = jsonObject(req, 'The poll body must be a JSON object.', AGENT_POLL_LIMITS);
    const refused = principal ? authorize(principal, 'ecs:Poll', pollResources(body, ctx.arn)) : undefined;
    if (refused) throw refused;
    const out = await withDeadline(agentPoll(parsePoll(body), ctx, deps), deadlineMs(opts.remainingMs));
    return respond(200, requestId, out, CONTENT_TYPE);
  } catch (err) {
    return errorResponse(err, { requestId, operation: 'AgentPoll', log, errors: ECS_ERRORS, contentType: CONTENT_TYPE });
  }
}

function parsePoll(body: unknown): PollRequest {
  try {
    return parsePollRequest(body);
  } catch (err) {
    if (err instanceof InvalidMessageError) throw new RequestRefused('validation', err.message);
    throw err;
  }
}

/** `POST /agent/v1/register` with `Authorization: Bearer <join token>` and a RegisterContainerInstance body. */
async function handleJoin(req: HttpRequest, ctx: AppContext, log: Logger, deps: AgentApiDeps, opts: Opts): Promise<HttpResponse> {
  const requestId = newRequestId();
  try {
    if (!deps.security) throw new Error('registration with a join token needs the security stores');
    const token = /^Bearer (\S{1,200})$/.exec(header(req.headers, 'authorization') ?? '')?.[1];
    const body = jsonObject(req, 'The registration body must be a JSON object.', AWS_JSON_LIMITS);
    const input = validateInput(ecsModel.operations.get('RegisterContainerInstance')!.input, body);
    const out = await withDeadline(joinCluster(token, input as never, ctx, deps.security, deps.log), deadlineMs(opts.remainingMs));
    return respond(200, requestId, out, CONTENT_TYPE);
  } catch (err) {
    return errorResponse(err, { requestId, operation: 'JoinCluster', log, errors: ECS_ERRORS, contentType: CONTENT_TYPE });
  }
}

function jsonObject(req: HttpRequest, message: string, limits: typeof AGENT_POLL_LIMITS): Record<string, unknown> {
  const type = header(req.headers, 'content-type');
  if (type !== undefined && type.split(';')[0]!.trim().toLowerCase() !== CONTENT_TYPE) {
    throw new RequestRefused('serialization', `The agent protocol speaks ${CONTENT_TYPE}, not ${type.slice(0, 64)}.`);
  }
  const body = readJsonBody(req, limits);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestRefused('serialization', message);
  return body as Record<string, unknown>;
}

/** Revisions never change once registered (only their status), so agents' lookups are cached per process. */
export function cachedDefinitions(ctx: AppContext) {
  return definitionCache((family, revision) => ctx.taskDefinitions.get(family, revision));
}
