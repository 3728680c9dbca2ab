import { randomUUID } from 'node:crypto';
import { AuthFailure, jsonAuthError } from '../auth/auth-failure.js';
import { authenticateRequest, authorizeOperation, type RequestAuth } from '../auth/request-auth.js';
import type { SignedRequest } from '../auth/signed-request.js';
import type { Caller } from '../domain/caller.js';
import { EcsError, serverError } from '../domain/errors.js';
import { operations, TARGET_PREFIX } from './model/model.js';
import { validateInput } from './validate.js';

/**
 * The AWS JSON 1.1 protocol: `POST /` with `X-Amz-Target: <prefix>.<Operation>`.
 * One place turns every outcome into the wire shape, so handlers only
 * return data or throw typed errors.
 */
export interface HttpRequest {
  headers: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  /** What SigV4 signs besides headers and body (defaults: POST /). */
  method?: string;
  path?: string;
  query?: string;
  sourceIp?: string;
}
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
/** `caller`: who signed the request (absent when the API runs without authentication, as in unit tests). */
export type OperationHandler<C> = (input: any, ctx: C, caller?: Caller) => Promise<unknown>;
export type OperationTable<C> = Partial<Record<string, OperationHandler<C>>>;
export interface Logger {
  error(message: string, detail: Record<string, unknown>): void;
}

export async function handleAwsJson<C>(
  req: HttpRequest,
  table: OperationTable<C>,
  ctx: C,
  log: Logger,
  auth?: RequestAuth,
): Promise<HttpResponse> {
  const requestId = randomUUID();
  const target = header(req.headers, 'x-amz-target') ?? '';
  const operation = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : undefined;
  try {
    // Who signed it comes first: an unauthenticated caller learns nothing about operations or input rules.
    const principal = auth ? await authenticateRequest(auth, signedRequest(req)) : undefined;
    if (principal instanceof AuthFailure) throw principal;
    const handler = operation ? table[operation] : undefined;
    if (!operation || !handler || !operations[operation]) {
      throw new EcsError('UnknownOperationException', target ? `Unknown operation ${target}.` : 'Missing X-Amz-Target header.');
    }
    const input = parseBody(req);
    const inputShape = operations[operation].input;
    if (inputShape) validateInput(inputShape, input);
    const refused = auth && principal ? authorizeOperation(auth, principal, operation, input) : undefined;
    if (refused) throw refused;
    const output = await handler(input, ctx, principal);
    return respond(200, requestId, output ?? {});
  } catch (err) {
    return errorResponse(err, requestId, operation, log);
  }
}

/** Typed errors → their ECS shape; anything else is logged in full and answered as ServerException. */
export function errorResponse(err: unknown, requestId: string, operation: string | undefined, log: Logger): HttpResponse {
  if (err instanceof AuthFailure) {
    const wire = jsonAuthError(err);
    return respond(wire.status, requestId, { __type: wire.code, message: wire.message });
  }
  if (err instanceof EcsError && err.status < 500) {
    return respond(err.status, requestId, { __type: err.code, message: err.message });
  }
  // A bug or an outage: log everything, leak nothing.
  log.error('request failed', {
    requestId,
    operation,
    error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
  });
  const e = err instanceof EcsError ? err : serverError();
  return respond(e.status, requestId, { __type: e.code, message: e.message });
}

export function parseBody(req: HttpRequest): unknown {
  const raw = req.body ? (req.isBase64Encoded ? Buffer.from(req.body, 'base64').toString('utf8') : req.body) : '';
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new EcsError('SerializationException', 'The request body could not be parsed as JSON.');
  }
}

/** The parts of a request SigV4 covers. */
export function signedRequest(req: HttpRequest): SignedRequest {
  return {
    method: req.method ?? 'POST',
    path: req.path ?? '/',
    query: req.query,
    headers: req.headers,
    body: req.body,
    isBase64Encoded: req.isBase64Encoded,
    sourceIp: req.sourceIp,
  };
}

export function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function respond(statusCode: number, requestId: string, body: unknown, contentType = 'application/x-amz-json-1.1'): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': contentType, 'x-amzn-RequestId': requestId },
    body: JSON.stringify(body),
  };
}
