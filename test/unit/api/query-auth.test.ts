import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFileCipher } from '../../../src/adapters/secrets/key-file-cipher.js';
import elbv2 from '../../../src/api/model/elbv2.json' with { type: 'json' };
import type { RawModel } from '../../../src/api/model/botocore.js';
import { compileModel } from '../../../src/api/model/compile.js';
import { handleQuery, type QueryService } from '../../../src/api/query/handle-query.js';
import { createCredential } from '../../../src/app/security/credentials.js';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { MemoryCredentials } from '../../support/memory-credentials.js';

/** A local twin's query handler with `auth`: what the AWS CLI sends to ELBv2, signed as botocore signs it. */
const keyFile = join(mkdtempSync(join(tmpdir(), 'berth-key-')), 'secret.key');
KeyFileCipher.ensure(keyFile);
const cipher = KeyFileCipher.load(keyFile);
const credentials = new MemoryCredentials();
const arn = { region: 'us-east-1', accountId: '000000000000' };
const sec = { arn, clock: { now: Date.now }, credentials, joinTokens: undefined as never, cipher };
const calls: string[] = [];
const service: QueryService<unknown> = {
  model: elbv2 as unknown as RawModel,
  compiled: compileModel(elbv2 as unknown as RawModel),
  refusals: { serialization: 'ValidationError', validation: 'ValidationError', quota: 'ValidationError', 'too-large': 'ValidationError' },
  operations: new Map([
    ['DescribeTargetGroups', async () => (calls.push('DescribeTargetGroups'), { TargetGroups: [] })],
    ['CreateTargetGroup', async () => (calls.push('CreateTargetGroup'), { TargetGroups: [] })],
  ]),
  auth: {
    signingName: 'elasticloadbalancing',
    actionPrefix: 'elasticloadbalancing',
    authenticator: new Authenticator({ credentials, cipher, arn }),
  },
};
const log = { error: () => undefined, info: () => undefined };

async function post(key: { accessKeyId: string; secretAccessKey: string }, body: string, service_ = 'elasticloadbalancing') {
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: service_, sha256: Hash.bind(null, 'sha256') });
  const headers = { host: '127.0.0.1:3000', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const signed = await signer.sign(new HttpRequest({ method: 'POST', hostname: '127.0.0.1', port: 3000, path: '/', headers, body }));
  return handleQuery({ headers: signed.headers, body, method: 'POST', path: '/' }, service, {}, log);
}

describe('query protocol with SigV4 (local twins)', () => {
  it('answers with the query protocol’s auth codes, and runs only what the policy allows', async () => {
    const reader = await createCredential({ name: 'reader', policy: 'read-only' }, sec);
    const describe_ = 'Action=DescribeTargetGroups&Version=2015-12-01';
    const create = 'Action=CreateTargetGroup&Version=2015-12-01&Name=web';
    expect((await post(reader, describe_)).statusCode).toBe(200);

    const denied = await post(reader, create);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('<Code>AccessDenied</Code>');
    expect(denied.body).toContain('is not authorized to perform: elasticloadbalancing:CreateTargetGroup on resource: *');

    const wrong = await post({ ...reader, secretAccessKey: 'nope' }, describe_);
    expect([wrong.statusCode, /<Code>(\w+)<\/Code>/.exec(wrong.body)?.[1]]).toEqual([403, 'SignatureDoesNotMatch']);
    const unknown = await post({ accessKeyId: 'BKIANOBODYNOBODYNOBO', secretAccessKey: 'x' }, describe_);
    expect([unknown.statusCode, /<Code>(\w+)<\/Code>/.exec(unknown.body)?.[1]]).toEqual([403, 'InvalidClientTokenId']);
    const otherService = await post(reader, describe_, 'monitoring');
    expect(otherService.body).toContain('Credential should be scoped to correct service: &apos;elasticloadbalancing&apos;.');
    const missing = await handleQuery({ headers: { host: 'x' }, body: describe_ }, service, {}, log);
    expect([missing.statusCode, /<Code>(\w+)<\/Code>/.exec(missing.body)?.[1]]).toEqual([403, 'MissingAuthenticationToken']);

    expect(calls).toEqual(['DescribeTargetGroups']);
  });
});
