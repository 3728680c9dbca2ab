/**
 * `npm run test:fuzz -- --seed N --requests K` — the hostile-input fuzz suite
 * (see run-fuzz.ts) against the local stack: by default a stack of its own
 * (DynamoDB Local in memory + serverless-offline on free loopback ports, the
 * same bundles `npm start` serves), or a running one with
 * `--endpoint URL --dynamodb URL --table NAME` (then only the fuzz's own
 * items are compared). Prints the figures; exits 1 on any violation,
 * including the latency targets (0 answers over 1 s, p99 of refused
 * requests under 100 ms).
 *   --seed N          PRNG seed (default: random, printed)
 *   --requests K      how many requests (default 2000)
 *   --concurrency C   requests in flight (default 4)
 *   --max-seconds S   stop sending after S seconds (default 900)
 */
import { parseArgs } from 'node:util';
import { freePort } from '../../infra/local/ports.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { runFuzz, violations, type FuzzReport, type LatencySummary } from './run-fuzz.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '4' },
    'max-seconds': { type: 'string', default: '900' },
    endpoint: { type: 'string' },
    dynamodb: { type: 'string' },
    table: { type: 'string' },
  },
});

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1_000_000);
const requests = Number(values.requests);
if (!Number.isInteger(seed) || !Number.isInteger(requests) || requests < 1) {
  console.error('usage: npm run test:fuzz -- [--seed N] [--requests K] [--concurrency C] [--max-seconds S]');
  process.exit(2);
}

const ms = (l: LatencySummary) => `p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (${l.count} calls)`;

function print(r: FuzzReport) {
  const categories = Object.entries(r.byCategory)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`
Fuzz seed ${r.seed}: ${r.sent} requests in ${r.seconds.toFixed(1)} s (${categories})${r.truncated ? ' — stopped at --max-seconds' : ''}
  5xx answers:                       ${r.fiveXX}   (plus ${r.httpServer5xx} from the HTTP server in front, to malformed or Host-less HTTP)
  answers leaking internals:         ${r.leaks}
  answers not in AWS's shape:        ${r.badShape}   (plus ${r.httpLevel} 4xx answered by the HTTP server itself: bad methods, paths, headers)
  model-invalid requests accepted:   ${r.invalidAccepted} of ${r.mustRefuse} (${r.refused} refused)
  requests without an answer:        ${r.noAnswer}
  answers slower than 1 s:           ${r.slowerThan1s}
  refused requests:                  ${ms(r.rejectedLatency)}
  all requests:                      ${ms(r.allLatency)}
  state snapshot:                    ${r.snapshotChanged ? `CHANGED in ${r.snapshotChanged}` : 'unchanged in all'} of ${r.snapshotBatches} batches of must-refuse requests${r.unsettled ? ` (${r.unsettled} batches skipped: state still moving)` : ''}
  plain calls, before the fuzz:      ${ms(r.plainBaseline)}
  plain calls, while it ran:         ${ms(r.plainDuring)}`);
  if (r.examples.length) console.log(`\nExamples:\n${r.examples.map((e) => `  - ${e}`).join('\n')}`);
}

async function main() {
  let stack: LocalStack | undefined;
  let target: { endpoint: string; dynamodb: string; table: string };
  if (values.endpoint) {
    if (!values.dynamodb || !values.table) throw new Error('--endpoint needs --dynamodb and --table (for the state snapshot)');
    target = { endpoint: values.endpoint, dynamodb: values.dynamodb, table: values.table };
  } else {
    console.log('▸ starting a local stack for the fuzz (DynamoDB Local in memory + serverless-offline)');
    const table = 'berth-fuzz';
    stack = await startLocalStack({
      port: await freePort(),
      lambdaPort: await freePort(),
      dynamoPort: await freePort(),
      tableName: table,
      log: (line) => console.log(`  ${line}`),
      // No scheduled passes: with nothing to place they would only add noise to the state snapshots.
      reconcileEveryMs: 3_600_000,
    });
    target = { endpoint: stack.endpoint, dynamodb: stack.dynamodbEndpoint, table };
  }
  try {
    const report = await runFuzz({
      endpoint: target.endpoint,
      dynamodbEndpoint: target.dynamodb,
      table: target.table,
      seed,
      requests,
      concurrency: Number(values.concurrency),
      maxSeconds: Number(values['max-seconds']),
      scope: stack ? 'table' : 'namespace',
      log: (line) => console.log(line),
    });
    print(report);
    const problems = violations(report, { latency: true, httpServer: true });
    console.log(problems.length ? `\n✘ ${problems.join('; ')}` : '\n✔ no violations');
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await stack?.stop();
  }
}

main().catch((err) => {
  console.error(`✘ ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
