import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyFileCipher } from '../../../src/adapters/secrets/key-file-cipher.js';
import { joinCluster } from '../../../src/app/agent-calls/join-cluster.js';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { deregisterContainerInstance } from '../../../src/app/container-instances/deregister-container-instance.js';
import { createCredential, ensureDefaultCredential, listCredentials, revokeCredential } from '../../../src/app/security/credentials.js';
import { createJoinToken } from '../../../src/app/security/join-tokens.js';
import type { SecurityStores } from '../../../src/app/security/security-stores.js';
import { AuthFailure } from '../../../src/auth/auth-failure.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { buildSecurity } from '../../../src/wiring/security.js';
import { freshTable } from '../../support/table.js';

/** Credentials and join tokens on DynamoDB Local: the conditional writes that keep them right under concurrency. */
let ctx: AppContext;
let sec: SecurityStores;
beforeAll(async () => {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'berth-key-')), 'secret.key');
  KeyFileCipher.ensure(keyFile);
  const config = { ...(await freshTable()), secretsKeyFile: keyFile };
  ctx = buildAppContext(config);
  sec = buildSecurity(config);
  await createCluster({ clusterName: 'c' }, ctx);
});

const registration = {
  totalResources: [
    { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: 1024 },
  ],
};

describe('credentials and join tokens on DynamoDB', () => {
  it('stores secrets sealed, creates test/test once however many starts race, and revokes', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, () => ensureDefaultCredential(sec)));
    expect(created.filter(Boolean)).toHaveLength(1);
    const ci = await createCredential({ name: 'ci', policy: 'read-only' }, sec);
    const stored = await sec.credentials.get(ci.accessKeyId);
    expect(stored).toMatchObject({ kind: 'user', name: 'ci', preset: 'read-only' });
    expect(JSON.stringify(stored)).not.toContain(ci.secretAccessKey);
    expect(await sec.cipher.open(stored!.sealedSecret, ci.accessKeyId)).toBe(ci.secretAccessKey);
    expect((await listCredentials(sec)).map((c) => c.name)).toEqual(['ci', 'test']);
    await revokeCredential('ci', sec);
    expect(await sec.credentials.get(ci.accessKeyId)).toBeUndefined();
    await expect(revokeCredential('ci', sec)).rejects.toThrow('No credential');
  });

  it('lets a token with --max-registrations 3 register exactly 3 of 10 concurrent hosts, each with its own key', async () => {
    const { token } = await createJoinToken({ cluster: 'c', maxRegistrations: 3 }, sec, ctx);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => joinCluster(token, registration, ctx, sec)));
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof joinCluster>>>).value);
    expect(ok).toHaveLength(3);
    expect(new Set(ok.map((r) => r.credentials.accessKeyId)).size).toBe(3);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AuthFailure);
    }
    const keyed = await sec.credentials.get(ok[0]!.credentials.accessKeyId);
    expect(keyed).toMatchObject({ kind: 'instance', cluster: 'c', name: ok[0]!.containerInstance!.containerInstanceArn });
  });

  it('gives an unkeyed instance one key however many joins race for its ARN, and deletes it with the instance', async () => {
    const { token } = await createJoinToken({ cluster: 'c' }, sec, ctx);
    const arn = 'arn:aws:ecs:us-east-1:000000000000:container-instance/c/0123456789abcdef0123456789abcdef';
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => joinCluster(token, { ...registration, containerInstanceArn: arn }, ctx, sec)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof joinCluster>>>[];
    expect(ok).toHaveLength(1);
    const key = ok[0]!.value.credentials.accessKeyId;
    const instance = await ctx.instances.get('c', '0123456789abcdef0123456789abcdef');
    expect(instance?.agentKeyId).toBe(key);

    await deregisterContainerInstance({ cluster: 'c', containerInstance: arn, force: true }, ctx);
    expect(await sec.credentials.get(key)).toBeUndefined();
    expect((await ctx.instances.get('c', '0123456789abcdef0123456789abcdef'))?.status).toBe('INACTIVE');
  });

  it('refuses an expired token and a token for another cluster without registering anything', async () => {
    await createCluster({ clusterName: 'other' }, ctx);
    const { token } = await createJoinToken({ cluster: 'c', ttlMs: 60_000 }, sec, ctx);
    const late = { ...sec, clock: { now: () => Date.now() + 61_000 } };
    await expect(joinCluster(token, registration, ctx, late)).rejects.toMatchObject({ kind: 'unknown-key' });
    await expect(joinCluster(token, { ...registration, cluster: 'other' }, ctx, sec)).rejects.toMatchObject({ kind: 'denied' });
    expect(await ctx.instances.listAll('other')).toEqual([]);
  });
});
