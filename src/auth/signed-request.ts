/**
 * A request as it arrived, before anything parsed it: what SigV4 signs. API
 * Gateway (payload 2.0), serverless-offline and the local edge all hand over
 * these same parts; header names may come in any case.
 */
export interface SignedRequest {
  method: string;
  /** The path as sent on the wire (still percent-encoded), e.g. `/` or `/agent/v1/poll`. */
  path: string;
  /** The raw query string, without `?`. */
  query?: string;
  headers: Readonly<Record<string, string | undefined>>;
  body?: string | Uint8Array | null;
  isBase64Encoded?: boolean;
  /** Who sent it, for the log of failed attempts (API Gateway's sourceIp, or the socket's address). */
  sourceIp?: string;
}

/** Header names lower-cased; undefined values dropped. */
export function lowerHeaders(headers: SignedRequest['headers']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out.set(k.toLowerCase(), v);
  return out;
}

/** The body's bytes exactly as sent (base64 undone), which is what the client hashed. */
export function bodyBytes(req: SignedRequest): Uint8Array {
  const body = req.body;
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body !== 'string') return body;
  return req.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}
