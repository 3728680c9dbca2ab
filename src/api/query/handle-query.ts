import { AuthFailure, queryAuthError } from '../../auth/auth-failure.js';
import { authenticateRequest, authorizeOperation, type RequestAuth } from '../../auth/request-auth.js';
import { EcsError } from '../../domain/errors.js';
import { newRequestId, signedRequest, type HttpRequest, type HttpResponse } from '../http.js';
import type { RawModel } from '../model/botocore.js';
import type { CompiledModel } from '../model/compile.js';
import { ownOperation, ownShape } from '../model/own.js';
import { validateInput } from '../model/validate.js';
import { RequestRefused, type RefusalKind } from '../refusal.js';
import { decodeQuery, QueryDecodeError } from './decode-query.js';
import { encodeQueryError, encodeQueryResponse } from './encode-xml.js';
import type { Logger } from '../../logging/logger.js';

/** One operation of a query-protocol service: the decoded input in, a plain output object out (or a typed error thrown). */
export type QueryOperation<C> = (input: any, ctx: C) => Promise<unknown>;

export interface QueryService<C> {
  /** The model trimmed with --outputs: decoding and XML answers follow its serialization traits. */
  model: RawModel;
  /** The same model compiled for validation (compileModel). */
  compiled: CompiledModel;
  operations: ReadonlyMap<string, QueryOperation<C>>;
  /** How this service names each refusal (Auto Scaling and ELB: ValidationError; CloudWatch: InvalidParameterValue / MissingParameter). */
  refusals: Readonly<Record<Exclude<RefusalKind, 'unknown-operation'>, string>>;
  /**
   * SigV4 and IAM-style authorization (src/auth): the request is authenticated
   * before the form body is parsed, and `<actionPrefix>:<Action>` authorized
   * on `auth.resources(Action, input)` once it is decoded and valid. Refusals
   * answer with the query protocol's codes (InvalidClientTokenId,
   * SignatureDoesNotMatch, AccessDenied, …).
   */
  auth?: RequestAuth;
}

/** A form body is at most this large before it is parsed (the largest valid query request — 1,000 metric data points — is far below). */
export const MAX_QUERY_BODY_BYTES = 1024 * 1024;

/**
 * The AWS query protocol (`POST /`, `Content-Type: application/x-www-form-urlencoded`,
 * `Action=<Op>&Version=<api version>&…`, XML out) for a local twin. Unknown
 * actions answer `InvalidAction`, a wrong version `InvalidParameterValue`,
 * typed errors their code with status 400 (or the status they carry), and
 * anything else a 500 `InternalFailure` with nothing internal in the body.
 */
export async function handleQuery<C>(
  req: HttpRequest,
  service: QueryService<C>,
  ctx: C,
  log: Pick<Logger, 'error' | 'info'>,
): Promise<HttpResponse> {
  const requestId = newRequestId();
  let action: string | undefined;
  try {
    const raw = req.body ? (req.isBase64Encoded ? Buffer.from(req.body, 'base64').toString('utf8') : req.body) : '';
    if (Buffer.byteLength(raw) > MAX_QUERY_BODY_BYTES)
      throw new RequestRefused('too-large', `Request body exceeds ${MAX_QUERY_BODY_BYTES} bytes.`);
    const principal = service.auth ? await authenticateRequest(service.auth, signedRequest(req)) : undefined;
    if (principal instanceof AuthFailure) throw principal;
    const params = new URLSearchParams(raw);
    action = params.get('Action') ?? undefined;
    const version = params.get('Version');
    const op = action ? ownOperation(service.model, action) : undefined;
    const compiled = action ? service.compiled.operations.get(action) : undefined;
    const handler = action ? service.operations.get(action) : undefined;
    if (!action) throw new EcsError('MissingAction', 'The request must contain the parameter Action.');
    if (!op || !compiled || !handler) throw new EcsError('InvalidAction', `The action ${clip(action)} is not valid for this web service.`);
    if (version !== service.model.metadata.apiVersion) {
      throw new EcsError('InvalidParameterValue', `Version must be ${service.model.metadata.apiVersion}, not ${clip(version ?? 'none')}.`);
    }
    params.delete('Action');
    params.delete('Version');
    let decoded: Record<string, unknown>;
    try {
      decoded = decodeQuery(service.model, op.input, params);
    } catch (err) {
      if (err instanceof QueryDecodeError) throw new RequestRefused('serialization', err.message);
      throw err;
    }
    const input = validateInput(compiled.input, decoded);
    const refused = service.auth && principal ? authorizeOperation(service.auth, principal, action, input) : undefined;
    if (refused) throw refused;
    const output = await handler(input, ctx);
    return xml(200, requestId, encodeQueryResponse(service.model, action, output, requestId));
  } catch (err) {
    if (err instanceof AuthFailure) {
      const wire = queryAuthError(err);
      return xml(wire.status, requestId, encodeQueryError(service.model, wire.code, wire.message, requestId));
    }
    if (err instanceof RequestRefused && err.kind !== 'unknown-operation') {
      const code = service.refusals[err.kind];
      return xml(err.status, requestId, encodeQueryError(service.model, code, err.message, requestId));
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
export function modelError(model: RawModel, exceptionShape: string, message: string): EcsError {
  const e = ownShape(model, exceptionShape).error;
  return new EcsError(e?.code ?? exceptionShape, message, e?.httpStatusCode ?? 400);
}

const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

const xml = (statusCode: number, requestId: string, body: string): HttpResponse => ({
  statusCode,
  headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
  body,
});
