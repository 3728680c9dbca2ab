/**
 * npm run bench:api — latency and throughput of the ECS API on the local stack
 * (serverless-offline + DynamoDB Local, in memory, every request SigV4-signed
 * as test/test and verified), what verification adds (bench/auth-cost.ts),
 * and each Lambda bundle's size and cold module-load time.
 *   BENCH_REQUESTS (default 300) sequential warm requests per operation
 *   BENCH_CONCURRENCY (default 8) parallel clients for the throughput run
 */
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR, functionNames } from '../infra/build.js';
import { freePort } from '../infra/local/ports.js';
import { startLocalStack } from '../infra/local/stack.js';
import { authCost } from './auth-cost.js';
import { fmt, summarize } from './lib/stats.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BUNDLE_LIMIT_KB = 600;
const LOAD_LIMIT_MS = 150;
const DESCRIBE_P99_GOAL_MS = 50;

async function main() {
  console.log('▸ bench:api — starting the local stack (in memory)');
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName: 'berth-bench',
    log: (l) => console.log(`  ${l}`),
  });
  try {
    const ecs = new ECSClient({
      endpoint: stack.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ecs.send(new CreateClusterCommand({ clusterName: 'bench' }));
    const td = (family: string) =>
      new RegisterTaskDefinitionCommand({ family, containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64, cpu: 128 }] });
    console.log('▸ seeding 50 task definitions in 10 families');
    for (let i = 0; i < 50; i++) await ecs.send(td(`fam-${i % 10}`));

    const ops: [string, () => Promise<unknown>][] = [
      ['DescribeClusters', () => ecs.send(new DescribeClustersCommand({ clusters: ['bench'] }))],
      ['ListTaskDefinitions', () => ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'fam-3' }))],
      ['RegisterTaskDefinition', () => ecs.send(td('bench-reg'))],
    ];
    const rows: string[] = [];
    let describeP99 = NaN;
    for (const [name, call] of ops) {
      for (let i = 0; i < 20; i++) await call(); // warm the Lambda worker and connections
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        await call();
        samples.push(performance.now() - t);
        if ((i + 1) % 100 === 0) process.stdout.write(`  ${name}: ${i + 1}/${REQUESTS}\r`);
      }
      const s = summarize(samples);
      if (name === 'DescribeClusters') describeP99 = s.p99;
      // Throughput: CONCURRENCY clients for a fixed request count.
      const total = Math.max(REQUESTS, 200);
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next++ < total) await call();
        }),
      );
      const rps = total / ((performance.now() - t0) / 1000);
      rows.push(
        `  ${name.padEnd(24)} p50 ${fmt(s.p50).padStart(9)}  p90 ${fmt(s.p90).padStart(9)}  p99 ${fmt(s.p99).padStart(9)}  max ${fmt(s.max).padStart(9)}  throughput ${rps.toFixed(0).padStart(5)} req/s (${CONCURRENCY} clients)`,
      );
    }
    console.log(`\nAPI latency, ${REQUESTS} sequential warm requests each:`);
    for (const r of rows) console.log(r);
    console.log(
      `  DescribeClusters p99 ${fmt(describeP99)} — goal ≤ ${DESCRIBE_P99_GOAL_MS} ms: ${describeP99 <= DESCRIBE_P99_GOAL_MS ? 'met' : 'NOT met'}`,
    );
    for (const line of await authCost(stack.env, stack.security, REQUESTS)) console.log(line);
  } finally {
    await stack.stop();
  }

  console.log('\nLambda bundles (minified ESM, dist/functions):');
  for (const name of functionNames()) {
    const file = join(BUNDLE_DIR, `${name}.mjs`);
    const kb = statSync(file).size / 1024;
    // Cold module load in a fresh Node process, like a Lambda init; median of 5.
    const loads = Array.from({ length: 5 }, () =>
      Number(
        execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const t=performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now()-t)`,
          ],
          {
            env: {
              ...process.env,
              BERTH_DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
              // As on AWS: the KMS client is built at load, KMS itself is called only on a credential's first use.
              BERTH_KMS_KEY_ID: 'alias/berth-bench',
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          },
        )
          .toString()
          .trim(),
      ),
    ).sort((a, b) => a - b);
    const load = loads[2];
    console.log(
      `  ${name.padEnd(24)} ${kb.toFixed(0).padStart(5)} KB (goal ≤ ${BUNDLE_LIMIT_KB}: ${kb <= BUNDLE_LIMIT_KB ? 'met' : 'NOT met'})   load ${fmt(load)} (goal ≤ ${LOAD_LIMIT_MS} ms: ${load <= LOAD_LIMIT_MS ? 'met' : 'NOT met'})`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
