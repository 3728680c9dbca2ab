import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFileCipher } from '../../../src/adapters/secrets/key-file-cipher.js';
import { createCredential } from '../../../src/app/security/credentials.js';
import type { SecurityStores } from '../../../src/app/security/security-stores.js';
import { AuthFailure } from '../../../src/auth/auth-failure.js';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { authenticateInstance } from '../../../src/auth/instance-auth.js';
import type { SignedRequest } from '../../../src/auth/signed-request.js';
import { MemoryCredentials } from '../../support/memory-credentials.js';

function setup() {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'berth-key-')), 'secret.key');
  KeyFileCipher.ensure(keyFile);
  let now = Date.UTC(2026, 10, 30, 12, 0, 0);
  const credentials = new MemoryCredentials();
  const opened: string[] = [];
  const cipher = KeyFileCipher.load(keyFile);
  const countingCipher = { seal: cipher.seal.bind(cipher), open: (s: string, c: string) => (opened.push(c), cipher.open(s, c)) };
  const sec: SecurityStores = {
    arn: { region: 'us-east-1', accountId: '000000000000' },
    clock: { now: () => now },
    credentials,
    joinTokens: undefined as never,
    cipher: countingCipher,
  };
  const logs: Record<string, unknown>[] = [];
  const auth = new Authenticator({
    credentials,
    cipher: countingCipher,
    arn: sec.arn,
    now: () => now,
    ttlMs: 5000,
    log: { warn: (_m, d) => logs.push(d ?? {}) },
  });
  return { keyFile, sec, credentials, opened, auth, logs, advance: (ms: number) => (now += ms), now: () => now };
}

async function sign(
  key: { accessKeyId: string; secretAccessKey: string },
  at: number,
  body = '{}',
  service = 'ecs',
): Promise<SignedRequest> {
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: 'berth.example.com',
      path: '/',
      headers: {
        host: 'berth.example.com',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
      },
      body,
    }),
    { signingDate: new Date(at) },
  );
  return { method: 'POST', path: '/', headers: signed.headers, body, sourceIp: '203.0.113.9' };
}

describe('Authenticator', () => {
  it('authenticates a Berth-issued key and caches the lookup for the TTL, the opened secret for good', async () => {
    const t = setup();
    const issued = await createCredential({ name: 'ci', policy: 'read-only' }, t.sec);
    const req = await sign(issued, t.now());
    const principal = await t.auth.authenticate(req, 'ecs');
    expect(principal).toMatchObject({ accessKeyId: issued.accessKeyId, arn: 'arn:aws:iam::000000000000:user/ci' });
    await Promise.all(Array.from({ length: 20 }, () => t.auth.authenticate(req, 'ecs')));
    expect(t.credentials.gets).toBe(1);
    t.advance(5001);
    expect(await t.auth.authenticate(await sign(issued, t.now()), 'ecs')).not.toBeInstanceOf(AuthFailure);
    expect(t.credentials.gets).toBe(2);
    expect(t.opened).toEqual([issued.accessKeyId]);
    expect(t.auth.stats).toEqual({ hits: 20, misses: 2 });
  });

  it('looks a cold key up once however many requests race for it', async () => {
    const t = setup();
    const issued = await createCredential({ name: 'ci', policy: 'admin' }, t.sec);
    const req = await sign(issued, t.now());
    const results = await Promise.all(Array.from({ length: 10 }, () => t.auth.authenticate(req, 'ecs')));
    expect(results.every((r) => !(r instanceof AuthFailure))).toBe(true);
    expect(t.credentials.gets).toBe(1);
  });

  it('refuses cheap failures without any lookup, and logs them with key id and source', async () => {
    const t = setup();
    const issued = await createCredential({ name: 'ci', policy: 'admin' }, t.sec);
    const stale = await sign(issued, t.now() - 16 * 60_000);
    expect(await t.auth.authenticate(stale, 'ecs')).toMatchObject({ kind: 'expired' });
    expect(await t.auth.authenticate({ ...stale, headers: {} }, 'ecs')).toMatchObject({ kind: 'missing' });
    expect(await t.auth.authenticate(await sign(issued, t.now()), 'monitoring')).toMatchObject({ kind: 'bad-signature' });
    expect(t.credentials.gets).toBe(0);
    expect(t.logs[0]).toMatchObject({ reason: 'expired', accessKeyId: issued.accessKeyId, source: '203.0.113.9', service: 'ecs' });
    expect(JSON.stringify(t.logs)).not.toContain(issued.secretAccessKey);
  });

  it('tells an unknown key from a bad signature only by code, and remembers an unknown key for the TTL', async () => {
    const t = setup();
    const issued = await createCredential({ name: 'ci', policy: 'admin' }, t.sec);
    expect(await t.auth.authenticate(await sign({ ...issued, secretAccessKey: 'wrong' }, t.now()), 'ecs')).toMatchObject({
      kind: 'bad-signature',
    });
    const ghost = await sign({ accessKeyId: 'BKIAGHOSTGHOSTGHOST0', secretAccessKey: 'x' }, t.now());
    expect(await t.auth.authenticate(ghost, 'ecs')).toMatchObject({
      kind: 'unknown-key',
      message: 'The security token included in the request is invalid.',
    });
    await t.auth.authenticate(ghost, 'ecs');
    expect(t.credentials.gets).toBe(2);
  });

  it('does not cache a failed lookup, and stops accepting a revoked key after the TTL', async () => {
    const t = setup();
    const issued = await createCredential({ name: 'ci', policy: 'admin' }, t.sec);
    t.credentials.failNext = true;
    await expect(t.auth.authenticate(await sign(issued, t.now()), 'ecs')).rejects.toThrow('DynamoDB is down');
    expect(await t.auth.authenticate(await sign(issued, t.now()), 'ecs')).not.toBeInstanceOf(AuthFailure);
    await t.credentials.deleteUser(issued.accessKeyId);
    expect(await t.auth.authenticate(await sign(issued, t.now()), 'ecs')).not.toBeInstanceOf(AuthFailure);
    t.advance(5001);
    expect(await t.auth.authenticate(await sign(issued, t.now()), 'ecs')).toMatchObject({ kind: 'unknown-key' });
  });

  it('logs at most 20 failures a second, then how many it left out', async () => {
    const t = setup();
    const req = await sign({ accessKeyId: 'BKIAFLOODFLOODFLOOD0', secretAccessKey: 'x' }, t.now() - 3600_000);
    for (let i = 0; i < 50; i++) await t.auth.authenticate(req, 'ecs');
    expect(t.logs).toHaveLength(20);
    t.advance(1000);
    await t.auth.authenticate(req, 'ecs');
    expect(t.logs[20]).toMatchObject({ count: 30 });
  });
});

describe('authenticateInstance (the agent channel)', () => {
  it('names the instance of an instance key and refuses an operator key', async () => {
    const t = setup();
    const secret = 'instance-secret';
    await t.credentials.createForInstance({
      accessKeyId: 'BKIIINSTANCEINSTANCE',
      kind: 'instance',
      name: 'arn:aws:ecs:us-east-1:000000000000:container-instance/c1/i1',
      cluster: 'c1',
      instanceId: 'i1',
      sealedSecret: await t.sec.cipher.seal(secret, 'BKIIINSTANCEINSTANCE'),
      createdAt: t.now(),
    });
    const asInstance = await sign({ accessKeyId: 'BKIIINSTANCEINSTANCE', secretAccessKey: secret }, t.now());
    expect(await authenticateInstance(t.auth, asInstance)).toEqual({
      cluster: 'c1',
      id: 'i1',
      arn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/c1/i1',
    });
    const admin = await createCredential({ name: 'ops', policy: 'admin' }, t.sec);
    expect(await authenticateInstance(t.auth, await sign(admin, t.now()))).toMatchObject({ kind: 'denied' });
  });
});

describe('KeyFileCipher', () => {
  it('binds the sealed secret to its access key id and refuses a key file others can read', async () => {
    const t = setup();
    const cipher = KeyFileCipher.load(t.keyFile);
    const sealed = await cipher.seal('s3cret', 'BKIAONE');
    expect(sealed).not.toContain('s3cret');
    expect(await cipher.open(sealed, 'BKIAONE')).toBe('s3cret');
    await expect(cipher.open(sealed, 'BKIATWO')).rejects.toThrow();
    expect(KeyFileCipher.ensure(t.keyFile)).toBe(false);
    chmodSync(t.keyFile, 0o644);
    expect(() => KeyFileCipher.load(t.keyFile)).toThrow('chmod 600');
  });
});
