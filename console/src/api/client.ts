/**
 * One signed AWS JSON call: the same wire requests the AWS SDKs send (AWS JSON
 * 1.1 for ECS and Application Auto Scaling, 1.0 for CloudWatch), signed with
 * SigV4 by @smithy/signature-v4, so Berth sees the console as any other client.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { loadSettings, type Settings } from './credentials.js';
import { ApiError } from '../model/api-error.js';

export interface AwsJsonService {
  /** X-Amz-Target prefix. */
  targetPrefix: string;
  /** SigV4 signing name. */
  signingName: string;
  jsonVersion: '1.0' | '1.1';
  /** Extra headers the SDK sends (CloudWatch's query-compatible mode). */
  headers?: Record<string, string>;
}

export const ECS: AwsJsonService = { targetPrefix: 'AmazonEC2ContainerServiceV20141113', signingName: 'ecs', jsonVersion: '1.1' };
export const APPLICATION_AUTOSCALING: AwsJsonService = {
  targetPrefix: 'AnyScaleFrontendService',
  signingName: 'application-autoscaling',
  jsonVersion: '1.1',
};
export const CLOUDWATCH: AwsJsonService = {
  targetPrefix: 'GraniteServiceVersion20100801',
  signingName: 'monitoring',
  jsonVersion: '1.0',
  headers: { 'x-amzn-query-mode': 'true' },
};

const signers = new Map<string, SignatureV4>();
function signerFor(service: AwsJsonService, s: Settings): SignatureV4 {
  const key = [service.signingName, s.region, s.accessKeyId, s.secretAccessKey].join('\n');
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({
      service: service.signingName,
      region: s.region,
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      sha256: Sha256,
    });
    signers.set(key, signer);
  }
  return signer;
}

/** POSTs `input` as `operation`; resolves with the parsed output, rejects with an ApiError (code + message as the API sent them). */
export async function call<T>(service: AwsJsonService, operation: string, input: object = {}): Promise<T> {
  const settings = loadSettings();
  const url = new URL(settings.endpoint.replace(/\/*$/, '/'));
  const body = JSON.stringify(input);
  const signed = await signerFor(service, settings).sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: {
      host: url.host,
      'content-type': `application/x-amz-json-${service.jsonVersion}`,
      'x-amz-target': `${service.targetPrefix}.${operation}`,
      ...service.headers,
    },
    body,
  });
  // The browser sets Host itself (to the same value that was signed) and refuses to let a page set it.
  const { host: _host, ...headers } = signed.headers;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body });
  } catch (err) {
    throw new ApiError('NetworkError', `Berth's endpoint ${url.origin} did not answer (${(err as Error).message}).`, 0);
  }
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    if (res.ok) throw new ApiError('InvalidResponse', `The endpoint answered ${operation} with something that is not JSON.`, res.status);
  }
  if (!res.ok) throw ApiError.fromResponse(res.status, parsed, text, res.headers.get('x-amzn-query-error'));
  return parsed as T;
}
