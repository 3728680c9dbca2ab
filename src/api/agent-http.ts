import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { joinCluster } from '../app/agent/join-cluster.js';
import { poll, type PollDeps, type PollRequest } from '../app/agent/poll.js';
import type { SecurityStores } from '../app/security/security-stores.js';
import { AuthFailure } from '../auth/auth-failure.js';
import { authenticateRequest, authorize, type RequestAuth } from '../auth/index.js';
import type { TaskDefinitionRecord } from '../domain/task-definition.js';
import { errorResponse, header, parseBody, respond, signedRequest, type HttpRequest, type HttpResponse, type Logger } from './aws-json.js';
import { pollResources } from './ecs-authorization.js';
import { operations } from './model/model.js';
import { validateInput } from './validate.js';

export const POLL_PATH = '/agent/v1/poll';
export const REGISTER_PATH = '/agent/v1/register';

export interface AgentApiDeps extends PollDeps {
  /** Every poll is signed (SigV4, service `ecs`) by the instance's own key, or by a key allowed `ecs:Poll` on it. */
  auth?: RequestAuth;
  /** Registration with a join token issues the instance's key. */
  security?: SecurityStores;
  log?: { warn(message: string, detail: Record<string, unknown>): void };
}

/** The Berth agent endpoints (docs/agent-protocol.md): plain JSON, ECS-shaped errors. */
export async function handleAgentRequest(req: HttpRequest, ctx: AppContext, log: Logger, deps: AgentApiDeps): Promise<HttpResponse> {
  return req.path === REGISTER_PATH ? handleJoin(req, ctx, log, deps) : handleAgentPoll(req, ctx, log, deps);
}

/** `POST /agent/v1/poll`. */
export async function handleAgentPoll(req: HttpRequest, ctx: AppContext, log: Logger, deps: AgentApiDeps): Promise<HttpResponse> {
  const requestId = randomUUID();
  try {
    const principal = deps.auth ? await authenticateRequest(deps.auth, signedRequest(req)) : undefined;
    if (principal instanceof AuthFailure) throw principal;
    const body = parseBody(req) as PollRequest;
    if (principal) {
      const refused = authorize(principal, 'ecs:Poll', pollResources(typeof body === 'object' && body ? body : {}, ctx.arn));
      if (refused) throw refused;
    }
    const out = await poll(body, ctx, deps);
    return respond(200, requestId, out, 'application/json');
  } catch (err) {
    return errorResponse(err, requestId, 'AgentPoll', log);
  }
}

/** `POST /agent/v1/register` with `Authorization: Bearer <join token>` and a RegisterContainerInstance body. */
async function handleJoin(req: HttpRequest, ctx: AppContext, log: Logger, deps: AgentApiDeps): Promise<HttpResponse> {
  const requestId = randomUUID();
  try {
    if (!deps.security) throw new Error('registration with a join token needs the security stores');
    const authorization = header(req.headers, 'authorization') ?? '';
    const token = /^Bearer (\S{1,200})$/.exec(authorization)?.[1];
    const body = parseBody(req);
    validateInput(operations.RegisterContainerInstance!.input!, body);
    const out = await joinCluster(token, body as never, ctx, deps.security, deps.log);
    return respond(200, requestId, out, 'application/json');
  } catch (err) {
    return errorResponse(err, requestId, 'JoinCluster', log);
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
