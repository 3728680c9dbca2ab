/**
 * Why a request was refused before any operation ran, as one protocol-neutral
 * value. Each protocol names these its own way: AWS JSON services answer
 * `{"__type": "UnrecognizedClientException", …}` with status 400; query
 * services (CloudWatch, Auto Scaling, ELB) `<Code>InvalidClientTokenId</Code>`
 * with 403. The messages are AWS's own, so clients and people see what they
 * would see against AWS — and nothing more: an unknown key and a bad
 * signature are told apart only by the documented code.
 */
export type AuthFailureKind = 'missing' | 'incomplete' | 'unknown-key' | 'bad-signature' | 'expired' | 'denied';

export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }
}

export const BAD_SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const UNKNOWN_KEY_MESSAGE = 'The security token included in the request is invalid.';

export const missingToken = () => new AuthFailure('missing', 'Missing Authentication Token');
export const incomplete = (message: string) => new AuthFailure('incomplete', message);
export const unknownKey = () => new AuthFailure('unknown-key', UNKNOWN_KEY_MESSAGE);
export const badSignature = (hint?: string) =>
  new AuthFailure('bad-signature', hint ? `${BAD_SIGNATURE_MESSAGE} ${hint}` : BAD_SIGNATURE_MESSAGE);
export const expired = (message: string) => new AuthFailure('expired', message);
export const denied = (message: string) => new AuthFailure('denied', message);

/** The wire form of a refusal: the error code and HTTP status a protocol gives it. */
export interface WireAuthError {
  code: string;
  status: number;
  message: string;
}

const JSON_CODES: Record<AuthFailureKind, [string, number]> = {
  missing: ['MissingAuthenticationTokenException', 400],
  incomplete: ['IncompleteSignatureException', 400],
  'unknown-key': ['UnrecognizedClientException', 400],
  'bad-signature': ['InvalidSignatureException', 400],
  expired: ['InvalidSignatureException', 400],
  denied: ['AccessDeniedException', 400],
};

const QUERY_CODES: Record<AuthFailureKind, [string, number]> = {
  missing: ['MissingAuthenticationToken', 403],
  incomplete: ['IncompleteSignature', 400],
  'unknown-key': ['InvalidClientTokenId', 403],
  'bad-signature': ['SignatureDoesNotMatch', 403],
  expired: ['SignatureDoesNotMatch', 403],
  denied: ['AccessDenied', 403],
};

/** AWS JSON 1.0/1.1 (ECS, Application Auto Scaling, CloudWatch's JSON protocol) and the agent endpoints. */
export function jsonAuthError(f: AuthFailure): WireAuthError {
  const [code, status] = JSON_CODES[f.kind];
  return { code, status, message: f.message };
}

/** The query protocol (form body in, XML out). */
export function queryAuthError(f: AuthFailure): WireAuthError {
  const [code, status] = QUERY_CODES[f.kind];
  return { code, status, message: f.kind === 'missing' ? 'Request is missing Authentication Token' : f.message };
}
