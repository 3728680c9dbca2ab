/**
 * What SigV4 verification costs on DescribeClusters, measured where it runs:
 * the ECS API handler in this process (the code the Lambda runs), on the
 * stack's DynamoDB Local, with and without the authenticator, interleaved so
 * both see the same machine. The HTTP stack in front (edge, serverless-offline)
 * is the same either way and would only add noise.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsJsonApi } from '../src/api/aws-json.js';
import { ecsAuth } from '../src/api/ecs/ecs-authorization.js';
import { ecsService } from '../src/api/ecs/ecs-service.js';
import type { SecurityStores } from '../src/app/security/security-stores.js';
import { Authenticator } from '../src/auth/authenticator.js';
import { readConfig } from '../src/config.js';
import { buildAppContext } from '../src/wiring/app-context.js';
import { fmt, summarize } from './lib/stats.js';

export async function authCost(env: Record<string, string>, security: SecurityStores, requests: number): Promise<string[]> {
  const config = readConfig(env);
  const ctx = buildAppContext(config);
  const log = { error: () => undefined, info: () => undefined };
  const authenticator = new Authenticator({ credentials: security.credentials, cipher: security.cipher, arn: security.arn });
  const plain = awsJsonApi([ecsService], ctx, log);
  const guarded = awsJsonApi([{ ...ecsService, auth: ecsAuth(authenticator, ctx.arn) }], ctx, log);
  const body = JSON.stringify({ clusters: ['bench'] });
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    region: config.region,
    service: 'ecs',
    sha256: Hash.bind(null, 'sha256'),
  });
  const sign = async () => {
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        hostname: '127.0.0.1',
        port: 3000,
        path: '/',
        headers: {
          host: '127.0.0.1:3000',
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeClusters',
        },
        body,
      }),
    );
    return { headers: signed.headers as Record<string, string>, body, method: 'POST', path: '/' };
  };
  const req = await sign();
  const call = async (withAuth: boolean) => {
    const t = performance.now();
    const res = await (withAuth ? guarded : plain).handle(req);
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(`DescribeClusters answered ${res.statusCode}: ${res.body}`);
    return ms;
  };
  for (let i = 0; i < 50; i++) await call(i % 2 === 0);
  const without: number[] = [];
  const withAuth: number[] = [];
  for (let i = 0; i < requests; i++) {
    // Interleaved, alternating which goes first.
    if (i % 2) {
      without.push(await call(false));
      withAuth.push(await call(true));
    } else {
      withAuth.push(await call(true));
      without.push(await call(false));
    }
  }
  // authenticate() alone, warm (the common case), and cold (a key not seen for the cache TTL: GetItem + opening the secret).
  const warm: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    await authenticator.authenticate(req, 'ecs');
    warm.push(performance.now() - t);
  }
  const cold: number[] = [];
  for (let i = 0; i < Math.min(requests, 100); i++) {
    const fresh = new Authenticator({ credentials: security.credentials, cipher: security.cipher, arn: security.arn });
    const t = performance.now();
    await fresh.authenticate(req, 'ecs');
    cold.push(performance.now() - t);
  }
  const a = summarize(without);
  const b = summarize(withAuth);
  // Per pair, so that load on the machine (both calls of a pair see the same) cancels out.
  const added = summarize(withAuth.map((ms, i) => ms - without[i]!));
  const w = summarize(warm);
  const c = summarize(cold);
  const row = (name: string, s: ReturnType<typeof summarize>) =>
    `  ${name.padEnd(34)} p50 ${fmt(s.p50).padStart(8)}  p99 ${fmt(s.p99).padStart(8)}`;
  return [
    `\nSigV4 cost on DescribeClusters (in-process ECS API handler on DynamoDB Local, ${requests} interleaved pairs):`,
    row('without authentication', a),
    row('with SigV4 + policy (cache warm)', b),
    `  added (median of per-pair differences): ${fmt(added.p50)} — goal ≤ 1 ms at p50: ${added.p50 <= 1 ? 'met' : 'NOT met'}`,
    row('authenticate() alone, warm', w),
    row('authenticate() alone, cold lookup', c),
    `  lookups: ${authenticator.stats.hits} from the cache, ${authenticator.stats.misses} from DynamoDB (TTL ${config.credentialCacheMs} ms)`,
  ];
}
