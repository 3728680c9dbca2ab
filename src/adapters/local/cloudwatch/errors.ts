import { EcsError } from '../../../domain/errors.js';

/** CloudWatch's error codes (query-protocol codes; the JSON protocol maps them to shape names in json-protocol.ts). */
export const cwErrors = {
  invalidValue: (message: string) => new EcsError('InvalidParameterValue', message),
  missing: (parameter: string) => new EcsError('MissingParameter', `The parameter ${parameter} is required.`),
  combination: (message: string) => new EcsError('InvalidParameterCombination', message),
  validation: (message: string) => new EcsError('ValidationError', message),
  notFound: (message: string) => new EcsError('ResourceNotFound', message, 404),
  invalidFormat: (message: string) => new EcsError('InvalidFormat', message),
  invalidNextToken: () => new EcsError('InvalidNextToken', 'The next token specified is invalid.'),
  limit: (message: string) => new EcsError('LimitExceeded', message),
  /** What this twin does not do; refused instead of answered approximately. */
  unsupported: (what: string) => new EcsError('InvalidParameterValue', `${what} is not supported by Berth's local CloudWatch.`),
};

/** Opaque paging tokens: base64 JSON of where the next page starts. */
export const encodeToken = (value: unknown): string | undefined =>
  value === undefined ? undefined : Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeToken<T>(token: string | undefined): T | undefined {
  if (token === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw cwErrors.invalidNextToken();
  }
}
