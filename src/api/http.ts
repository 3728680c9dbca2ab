import { randomUUID } from 'node:crypto';
import type { SignedRequest } from '../auth/signed-request.js';

/** An HTTP request as API Gateway (payload 2.0) hands it to a Lambda, and as local twins see it. */
export interface HttpRequest {
  headers: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  /** What SigV4 signs besides headers and body (defaults: POST /). */
  method?: string;
  path?: string;
  query?: string;
  sourceIp?: string;
  /** The body's bytes as sent, when a Content-Encoding was undone before the handler (SigV4 signs the encoded bytes). */
  signedBody?: Uint8Array;
}

/** The parts of a request SigV4 covers. */
export function signedRequest(req: HttpRequest): SignedRequest {
  return {
    method: req.method ?? 'POST',
    path: req.path ?? '/',
    query: req.query,
    headers: req.headers,
    body: req.signedBody ?? req.body,
    isBase64Encoded: req.signedBody ? false : req.isBase64Encoded,
    sourceIp: req.sourceIp,
  };
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Header lookup in any case; headers are a plain object here, so only own properties count. */
export function header(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name) return headers[k];
  return undefined;
}

/** AWS's request id: one per request, in `x-amzn-RequestId` and in every log line about the request. */
export const newRequestId = () => randomUUID();

export function respond(statusCode: number, requestId: string, body: unknown, contentType: string): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': contentType, 'x-amzn-RequestId': requestId },
    body: JSON.stringify(body),
  };
}
