import { randomUUID } from 'node:crypto';
import { EcsError, serverError } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';
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
}
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
export type OperationHandler<C> = (input: any, ctx: C) => Promise<unknown>;
export type OperationTable<C> = Partial<Record<string, OperationHandler<C>>>;

export async function handleAwsJson<C>(
  req: HttpRequest,
  table: OperationTable<C>,
  ctx: C,
  log: Pick<Logger, 'error'>,
): Promise<HttpResponse> {
  const requestId = randomUUID();
  const target = header(req.headers, 'x-amz-target') ?? '';
  const operation = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : undefined;
  try {
    const handler = operation ? table[operation] : undefined;
    if (!operation || !handler || !operations[operation]) {
      throw new EcsError('UnknownOperationException', target ? `Unknown operation ${target}.` : 'Missing X-Amz-Target header.');
    }
    const input = parseBody(req);
    const inputShape = operations[operation].input;
    if (inputShape) validateInput(inputShape, input);
    const output = await handler(input, ctx);
    return respond(200, requestId, output ?? {});
  } catch (err) {
    return errorResponse(err, requestId, operation, log);
  }
}

/** Typed errors → their ECS shape; anything else is logged in full and answered as ServerException. */
export function errorResponse(err: unknown, requestId: string, operation: string | undefined, log: Pick<Logger, 'error'>): HttpResponse {
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

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
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
