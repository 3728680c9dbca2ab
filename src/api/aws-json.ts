import { AuthFailure, jsonAuthError } from '../auth/auth-failure.js';
import { authenticateRequest, authorizeOperation, type RequestAuth } from '../auth/request-auth.js';
import type { Caller } from '../domain/caller.js';
import { EcsError } from '../domain/errors.js';
import { deadlineMs, withDeadline } from './deadline.js';
import { header, newRequestId, respond, signedRequest, type HttpRequest, type HttpResponse } from './http.js';
import { checkBodySize, readJsonBody, type BodyLimits } from './json-body.js';
import type { CompiledModel, CompiledOperation } from './model/compile.js';
import { validateInput } from './model/validate.js';
import { RequestRefused, type RefusalKind } from './refusal.js';
import type { Logger } from '../logging/logger.js';

/**
 * The AWS JSON protocols (1.0 and 1.1): `POST /` with
 * `X-Amz-Target: <targetPrefix>.<Operation>`. One API serves several
 * services, each with its own model, operations, limits and error codes
 * (ECS today; Application Auto Scaling and the CloudWatch twin next). Every
 * lookup is a Map, so only a service's own operations can ever be found.
 * Order of work: route (no body read), SigV4 authentication (src/auth),
 * body caps, parse, model validation, authorization of the operation on the
 * resources it names, then the use case under a deadline; every outcome
 * leaves as the service's JSON error shape with an `x-amzn-RequestId`.
 */
/** `caller`: who signed the request (absent for a service without `auth`, as in unit tests). */
export type OperationHandler<C> = (input: any, ctx: C, caller?: Caller) => Promise<unknown>;

/** How a service names each refusal, and its internal error. */
export interface ServiceErrorCodes {
  refusals: Readonly<Record<RefusalKind, string>>;
  server: { code: string; message: string };
  /**
   * For an "awsQueryCompatible" service (CloudWatch): its query-protocol error
   * code → exception shape name. An error then carries the shape name in
   * `__type` and the code in `x-amzn-query-error: <Code>;Sender`, which the
   * SDK reads first.
   */
  queryCompatible?: ReadonlyMap<string, string>;
}

export interface AwsJsonService<C> {
  name: string;
  targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`, from the model's jsonVersion. */
  contentType: string;
  model: CompiledModel;
  operations: ReadonlyMap<string, OperationHandler<C>>;
  limits: BodyLimits;
  errors: ServiceErrorCodes;
  /** SigV4 + IAM-style authorization; the entry point adds it (`{ ...ecsService, auth }`). */
  auth?: RequestAuth;
}

/** A service from its model: the target prefix and content type come from the model's metadata. */
export function awsJsonService<C>(args: {
  name: string;
  model: CompiledModel;
  operations: ReadonlyMap<string, OperationHandler<C>>;
  limits: BodyLimits;
  errors: ServiceErrorCodes;
}): AwsJsonService<C> {
  const { targetPrefix, jsonVersion } = args.model.metadata;
  if (!targetPrefix || !jsonVersion) throw new Error(`${args.name}: the model is not an AWS JSON service (no targetPrefix/jsonVersion)`);
  const unknown = [...args.operations.keys()].filter((op) => !args.model.operations.has(op));
  if (unknown.length) throw new Error(`${args.name}: operations not in the model: ${unknown.join(', ')}`);
  return { ...args, targetPrefix, contentType: `application/x-amz-json-${jsonVersion}` };
}

export interface AwsJsonApi {
  handle(req: HttpRequest, opts?: { remainingMs?: () => number }): Promise<HttpResponse>;
}

interface Route<C> {
  service: AwsJsonService<C>;
  operation: CompiledOperation;
  handler: OperationHandler<C>;
}

export function awsJsonApi<C>(services: readonly AwsJsonService<C>[], ctx: C, log: Pick<Logger, 'error' | 'info'>): AwsJsonApi {
  const byPrefix = new Map<string, AwsJsonService<C>>();
  for (const s of services) {
    if (byPrefix.has(s.targetPrefix)) throw new Error(`two services share the target prefix ${s.targetPrefix}`);
    byPrefix.set(s.targetPrefix, s);
  }
  // Answers for requests no service claims take the first service's content type and codes.
  const fallback = services[0];

  const route = (target: string | undefined): Route<C> | RequestRefused => {
    if (!target) return new RequestRefused('unknown-operation', 'Missing X-Amz-Target header.');
    const dot = target.lastIndexOf('.');
    const service = dot > 0 ? byPrefix.get(target.slice(0, dot)) : undefined;
    const name = target.slice(dot + 1);
    const operation = service?.model.operations.get(name);
    const handler = service?.operations.get(name);
    if (!service || !operation || !handler) {
      const shown = target.length > 128 ? `${target.slice(0, 128)}…` : target;
      // An operation of the service's model that Berth does not serve is named as such, so a
      // user knows it is a gap in Berth and not a typo (the README lists what is served).
      if (service && operation) {
        return new RequestRefused('unknown-operation', `Unknown operation ${shown}: Berth does not implement ${operation.name}.`);
      }
      return new RequestRefused('unknown-operation', `Unknown operation ${shown}.`);
    }
    return { service, operation, handler };
  };

  return {
    async handle(req, opts = {}) {
      const requestId = newRequestId();
      let service = fallback;
      let operation: string | undefined;
      try {
        const found = route(header(req.headers, 'x-amz-target'));
        if (found instanceof RequestRefused) throw found;
        service = found.service;
        operation = found.operation.name;
        const auth = service.auth;
        // Who signed it, before the body is read: an unauthenticated caller learns nothing about input rules
        // (only an oversized body is refused first, so that it is never hashed).
        if (auth) checkBodySize(req, service.limits);
        const principal = auth ? await authenticateRequest(auth, signedRequest(req)) : undefined;
        if (principal instanceof AuthFailure) throw principal;
        const input = validateInput(found.operation.input, readJsonBody(req, service.limits));
        const refused = auth && principal ? authorizeOperation(auth, principal, operation, input) : undefined;
        if (refused) throw refused;
        const output = await withDeadline(found.handler(input, ctx, principal), deadlineMs(opts.remainingMs));
        const body = output ?? {};
        if (typeof body !== 'object' || Array.isArray(body)) throw new TypeError(`${operation} returned ${typeof body}, not an object`);
        return respond(200, requestId, body, service.contentType);
      } catch (err) {
        return errorResponse(err, { requestId, operation, log, errors: service.errors, contentType: service.contentType });
      }
    },
  };
}

/**
 * Every failure → the service's error shape. Refusals and typed client errors
 * say what is wrong; anything else (a bug, a timeout, DynamoDB refusing) is
 * logged in full under the request id and answered as the service's internal
 * error, with nothing from inside.
 */
export function errorResponse(
  err: unknown,
  at: { requestId: string; operation?: string; log: Pick<Logger, 'error' | 'info'>; errors: ServiceErrorCodes; contentType: string },
): HttpResponse {
  const { requestId, operation, log } = at;
  if (err instanceof AuthFailure) {
    const wire = jsonAuthError(err);
    log.info('request refused', { requestId, operation, code: wire.code, status: wire.status });
    return respond(wire.status, requestId, { __type: wire.code, message: wire.message }, at.contentType);
  }
  if (err instanceof RequestRefused || (err instanceof EcsError && err.status < 500)) {
    const code = err instanceof RequestRefused ? at.errors.refusals[err.kind] : err.code;
    log.info('request refused', { requestId, operation, code, status: err.status });
    return withQueryError(
      respond(err.status, requestId, { __type: shapeOf(at.errors, code), message: err.message }, at.contentType),
      at.errors,
      code,
      'Sender',
    );
  }
  log.error('request failed', {
    requestId,
    operation,
    error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
  });
  const { code, message } = at.errors.server;
  return withQueryError(
    respond(500, requestId, { __type: shapeOf(at.errors, code), message }, at.contentType),
    at.errors,
    code,
    'Receiver',
  );
}

const shapeOf = (errors: ServiceErrorCodes, code: string) => errors.queryCompatible?.get(code) ?? code;

function withQueryError(res: HttpResponse, errors: ServiceErrorCodes, code: string, fault: 'Sender' | 'Receiver'): HttpResponse {
  if (errors.queryCompatible) res.headers['x-amzn-query-error'] = `${code};${fault}`;
  return res;
}
