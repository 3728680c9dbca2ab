import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { inject } from 'vitest';
import { createJoinToken } from '../../src/app/security/join-tokens.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';
import { readConfig } from '../../src/config.js';
import { buildAppContext } from '../../src/wiring/app-context.js';
import { buildSecurity } from '../../src/wiring/security.js';

/** The e2e stack's credential and join-token stores, straight on its DynamoDB Local (what `npx berth` does). */
export function stackConfig() {
  return readConfig({
    BERTH_DYNAMODB_ENDPOINT: inject('stackDynamodbEndpoint'),
    BERTH_TABLE: inject('stackTable'),
    BERTH_SECRETS_KEY_FILE: inject('stackSecretsKeyFile'),
  });
}

export function stackSecurity(): SecurityStores {
  return buildSecurity(stackConfig());
}

/** A join token for an existing cluster of the e2e stack, as `npx berth join-token create --cluster` makes one. */
export async function joinToken(cluster: string): Promise<string> {
  const config = stackConfig();
  return (await createJoinToken({ cluster, ttlMs: 3600_000 }, buildSecurity(config), buildAppContext(config))).token;
}

export interface RawRequest {
  path?: string;
  headers?: Record<string, string>;
  body: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Sign as of this time (default now). */
  signingDate?: Date;
}

/** A raw POST to the e2e stack, SigV4-signed for `ecs` as an SDK would sign it (test/test unless told otherwise). */
export async function signedPost(req: RawRequest): Promise<Response> {
  const url = new URL(req.path ?? '/', inject('ecsEndpoint'));
  const signer = new SignatureV4({
    credentials: req.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    region: 'us-east-1',
    service: 'ecs',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { ...req.headers, host: url.host },
      body: req.body,
    }),
    { signingDate: req.signingDate },
  );
  const { host: _host, ...headers } = signed.headers;
  return fetch(url, { method: 'POST', headers, body: req.body });
}
