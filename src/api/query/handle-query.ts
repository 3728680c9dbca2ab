import { randomUUID } from 'node:crypto';
import { AuthFailure, queryAuthError } from '../../auth/auth-failure.js';
import { authenticateRequest, authorizeOperation, type RequestAuth } from '../../auth/request-auth.js';
import { EcsError } from '../../domain/errors.js';
import { signedRequest, type HttpRequest, type HttpResponse, type Logger } from '../aws-json.js';
import { ownOperation, ownShape, type BotocoreModel } from './botocore-model.js';
import { decodeQuery, QueryDecodeError } from './decode-query.js';
import { encodeQueryError, encodeQueryResponse } from './encode-xml.js';

/** One operation of a query-protocol service: the decoded input in, a plain output object out (or a typed error thrown). */
export type QueryOperation<C> = (input: any, ctx: C) => Promise<unknown>;

export interface QueryService<C> {
  model: BotocoreModel;
  operations: ReadonlyMap<string, QueryOperation<C>>;
  /** Model validation of the decoded input (required, enum, lengths, ranges); throws a typed error. */
  validate?: (shapeName: string, input: unknown) => void;
  /** The code a malformed parameter answers with (ValidationError for Auto Scaling and ELB, InvalidParameterValue for CloudWatch). */
  malformedCode: string;
  /**
   * SigV4 and IAM-style authorization (src/auth): the request is authenticated
   * before the form body is parsed, and `<actionPrefix>:<Action>` authorized
   * on `auth.resources(Action, input)` once it is decoded and valid. Refusals
   * answer with the query protocol's codes (InvalidClientTokenId,
   * SignatureDoesNotMatch, AccessDenied, …).
   */
  auth?: RequestAuth;
}

/** A form body is at most this large before it is parsed (the AWS query APIs' own request cap is far above anything a client sends). */
export const MAX_QUERY_BODY_BYTES = 1024 * 1024;

/**
 * The AWS query protocol (`POST /`, `Content-Type: application/x-www-form-urlencoded`,
 * `Action=<Op>&Version=<api version>&…`, XML out) for a local twin. Unknown
 * actions answer `InvalidAction`, a wrong version `InvalidParameterValue`,
 * typed errors their code with status 400 (or the status they carry), and
 * anything else a 500 `InternalFailure` with nothing internal in the body.
 */
export async function handleQuery<C>(req: HttpRequest, service: QueryService<C>, ctx: C, log: Logger): Promise<HttpResponse> {
  const requestId = randomUUID();
  let action: string | undefined;
  try {
    const raw = req.body ? (req.isBase64Encoded ? Buffer.from(req.body, 'base64').toString('utf8') : req.body) : '';
    if (Buffer.byteLength(raw) > MAX_QUERY_BODY_BYTES) {
      throw new EcsError('RequestEntityTooLarge', `Request body exceeds ${MAX_QUERY_BODY_BYTES} bytes.`, 413);
    }
    const principal = service.auth ? await authenticateRequest(service.auth, signedRequest(req)) : undefined;
    if (principal instanceof AuthFailure) throw principal;
    const params = new URLSearchParams(raw);
    action = params.get('Action') ?? undefined;
    const version = params.get('Version');
    const op = action ? ownOperation(service.model, action) : undefined;
    const handler = action ? service.operations.get(action) : undefined;
    if (!action) throw new EcsError('MissingAction', 'The request must contain the parameter Action.');
    if (!op || !handler) throw new EcsError('InvalidAction', `The action ${action} is not valid for this web service.`);
    if (version !== service.model.metadata.apiVersion) {
      throw new EcsError('InvalidParameterValue', `Version must be ${service.model.metadata.apiVersion}, got ${version ?? 'none'}.`);
    }
    params.delete('Action');
    params.delete('Version');
    let input: Record<string, unknown>;
    try {
      input = decodeQuery(service.model, op.input?.shape, params);
    } catch (err) {
      if (err instanceof QueryDecodeError) throw new EcsError(service.malformedCode, err.message);
      throw err;
    }
    if (op.input) service.validate?.(op.input.shape, input);
    const refused = service.auth && principal ? authorizeOperation(service.auth, principal, action, input) : undefined;
    if (refused) throw refused;
    const output = await handler(input, ctx);
    return xml(200, requestId, encodeQueryResponse(service.model, action, output, requestId));
  } catch (err) {
    if (err instanceof AuthFailure) {
      const wire = queryAuthError(err);
      return xml(wire.status, requestId, encodeQueryError(service.model, wire.code, wire.message, requestId));
    }
    if (err instanceof EcsError && err.status < 500) {
      return xml(err.status, requestId, encodeQueryError(service.model, err.code, err.message, requestId));
    }
    log.error('request failed', {
      requestId,
      action,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return xml(500, requestId, encodeQueryError(service.model, 'InternalFailure', 'An internal error occurred.', requestId, false));
  }
}

/** The wire code and status the model gives an exception shape (ELB's TargetGroupNotFoundException → TargetGroupNotFound, 400). */
export function modelError(model: BotocoreModel, exceptionShape: string, message: string): EcsError {
  const e = ownShape(model, exceptionShape).error;
  return new EcsError(e?.code ?? exceptionShape, message, e?.httpStatusCode ?? 400);
}

const xml = (statusCode: number, requestId: string, body: string): HttpResponse => ({
  statusCode,
  headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
  body,
});
