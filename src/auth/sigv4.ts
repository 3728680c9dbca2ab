import { timingSafeEqual, createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AuthFailure, badSignature, expired, incomplete, missingToken, unknownKey } from './auth-failure.js';
import { bodyBytes, lowerHeaders, type SignedRequest } from './signed-request.js';

/**
 * AWS Signature Version 4, server side. `readClaim` does every check that
 * needs no secret (syntax, scope, date, clock skew, which headers are signed)
 * so malformed, stale or replayed-late requests are refused before any
 * lookup; `verifyClaim` then recomputes the signature with
 * @smithy/signature-v4 — the signer the AWS SDK itself uses — over exactly the
 * headers the client signed, and compares in constant time.
 */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS's window: a signature is valid from 15 minutes before to 15 minutes after its X-Amz-Date. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Far above any real Authorization header (a few hundred bytes); longer ones are refused unread. */
const MAX_AUTHORIZATION_LENGTH = 4096;
const MAX_SIGNED_HEADERS = 64;
const ACCESS_KEY_ID = /^[A-Za-z0-9_+=,.@-]{1,128}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What a request claims: who signed it, when, for which region and service, over which headers. */
export interface SigV4Claim {
  accessKeyId: string;
  /** X-Amz-Date, `YYYYMMDDTHHMMSSZ`. */
  amzDate: string;
  signingDate: Date;
  region: string;
  service: string;
  /** Lower-case, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  headers: Map<string, string>;
}

export interface ScopeExpectation {
  region: string;
  /** The signing name: `ecs`, `application-autoscaling`, `monitoring`, `autoscaling`, `elasticloadbalancing`. */
  service: string;
}

/** Every check that needs no secret. Throws AuthFailure. */
export function readClaim(req: SignedRequest, expect: ScopeExpectation, nowMs: number): SigV4Claim {
  const headers = lowerHeaders(req.headers);
  const authorization = headers.get('authorization');
  if (authorization === undefined || authorization.trim() === '') {
    if (/(^|&)X-Amz-(Signature|Credential)=/i.test(req.query ?? '')) {
      throw incomplete('Presigned (query-string) requests are not accepted: sign the Authorization header (AWS Signature Version 4).');
    }
    throw missingToken();
  }
  if (authorization.length > MAX_AUTHORIZATION_LENGTH) throw incomplete('The Authorization header is too long.');
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incomplete(
      `Unsupported Authorization type '${algorithm.slice(0, 32)}': sign requests with AWS Signature Version 4 (${SIGV4_ALGORITHM}).`,
    );
  }
  const params = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  const amzDate = headers.get('x-amz-date');
  const problems = missing.map((p) => `Authorization header requires '${p}' parameter.`);
  if (amzDate === undefined) problems.push("Authorization header requires existence of a 'X-Amz-Date' header.");
  if (problems.length) throw incomplete(problems.join(' '));

  const credential = params.get('Credential')!;
  const scope = credential.split('/');
  if (scope.length !== 5) {
    throw incomplete(
      `Credential should have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential.slice(0, 200)}'.`,
    );
  }
  const [accessKeyId, shortDate, region, service, terminator] = scope as [string, string, string, string, string];
  const date = AMZ_DATE.exec(amzDate!);
  const signingDate = date ? new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!)) : undefined;
  if (!signingDate || Number.isNaN(signingDate.getTime()) || iso(signingDate) !== amzDate) {
    throw incomplete(`X-Amz-Date must be an ISO 8601 basic date-time in UTC (YYYYMMDD'T'HHMMSS'Z'), got '${amzDate!.slice(0, 40)}'.`);
  }
  if (shortDate !== amzDate!.slice(0, 8)) {
    throw new AuthFailure(
      'bad-signature',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate.slice(0, 16)}' != '${amzDate!.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (terminator !== 'aws4_request') {
    throw new AuthFailure(
      'bad-signature',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator.slice(0, 32)}'.`,
    );
  }
  if (region !== expect.region) {
    throw new AuthFailure('bad-signature', `Credential should be scoped to a valid region, not '${region.slice(0, 32)}'.`);
  }
  if (service !== expect.service) {
    throw new AuthFailure('bad-signature', `Credential should be scoped to correct service: '${expect.service}'.`);
  }

  const signedHeaders = params.get('SignedHeaders')!.split(';');
  if (signedHeaders.length > MAX_SIGNED_HEADERS) throw incomplete('Too many signed headers.');
  const signed = new Set(signedHeaders);
  if (!signed.has('host')) throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (!signed.has('x-amz-date')) throw incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  // The target names the operation: unsigned, a captured read could be replayed as a write with the same body.
  if (headers.has('x-amz-target') && !signed.has('x-amz-target')) {
    throw incomplete("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const signature = params.get('Signature')!;
  if (!HEX_SIGNATURE.test(signature)) throw badSignature();

  const skew = signingDate.getTime() - nowMs;
  if (skew < -MAX_CLOCK_SKEW_MS) {
    throw expired(
      `Signature expired: ${amzDate} is now earlier than ${iso(new Date(nowMs - MAX_CLOCK_SKEW_MS))} (${iso(new Date(nowMs))} - 15 min.)`,
    );
  }
  if (skew > MAX_CLOCK_SKEW_MS) {
    throw expired(
      `Signature not yet current: ${amzDate} is still later than ${iso(new Date(nowMs + MAX_CLOCK_SKEW_MS))} (${iso(new Date(nowMs))} + 15 min.)`,
    );
  }
  // Berth issues no temporary credentials, so any session token is one it did not issue.
  if (headers.has('x-amz-security-token')) throw unknownKey();
  if (!ACCESS_KEY_ID.test(accessKeyId)) throw unknownKey();
  return { accessKeyId, amzDate: amzDate!, signingDate, region, service, signedHeaders, signature, headers };
}

/** The request SigV4 canonicalises: only the headers the client signed, with their values as sent. */
export function canonicalInput(req: SignedRequest, claim: SigV4Claim): HttpRequest {
  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = claim.headers.get(name);
    // A header the client says it signed but did not send cannot match: leave it out and let the signature fail.
    if (value !== undefined) headers[name] = value;
  }
  return new HttpRequest({
    method: req.method.toUpperCase(),
    protocol: 'https:',
    hostname: claim.headers.get('host') ?? '',
    path: req.path || '/',
    query: parseQuery(req.query ?? ''),
    headers,
    body: bodyBytes(req),
  });
}

/**
 * Recomputes the signature with the secret and compares it in constant time;
 * undefined when it matches. The payload hash is always the body's own: an
 * `x-amz-content-sha256` that differs from it (such as S3's
 * `UNSIGNED-PAYLOAD`, which only S3 honours) fails, as it does against every
 * AWS service but S3.
 */
export async function verifyClaim(req: SignedRequest, claim: SigV4Claim, secretAccessKey: string): Promise<AuthFailure | undefined> {
  const request = canonicalInput(req, claim);
  const declared = claim.signedHeaders.includes('x-amz-content-sha256') ? claim.headers.get('x-amz-content-sha256') : undefined;
  if (declared !== undefined && declared !== sha256Hex(request.body as Uint8Array)) {
    return badSignature('(x-amz-content-sha256 must be the SHA-256 of the body: UNSIGNED-PAYLOAD is accepted by S3 only.)');
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: claim.accessKeyId, secretAccessKey },
    region: claim.region,
    service: claim.service,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.sign(request, {
    signingDate: claim.signingDate,
    signingRegion: claim.region,
    signingService: claim.service,
    // Exactly the client's list, including headers smithy would not sign on its own (user-agent, …).
    signableHeaders: new Set(claim.signedHeaders),
  });
  const authorization = String(signed.headers.authorization ?? '');
  const expected = /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1];
  const expectedHeaders = /SignedHeaders=([^,]*),/.exec(authorization)?.[1];
  const same =
    expected !== undefined &&
    expectedHeaders === [...claim.signedHeaders].sort().join(';') &&
    timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(claim.signature, 'hex'));
  return same ? undefined : badSignature();
}

function sha256Hex(body: Uint8Array): string {
  return body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
}

/** `a=1&b=x%20y&a=2` → { a: ['1', '2'], b: 'x y' }: decoded, as smithy re-encodes them canonically. */
function parseQuery(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!raw) return out;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const iso = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
